package io.recordflow.app.console.pages;

import io.recordflow.app.console.auth.Role;
import io.recordflow.app.console.auth.Sessions.Session;
import io.recordflow.app.console.http.ConsoleServer;
import io.recordflow.app.console.http.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The frame of every console page: header with the signed-in user, navigation, and the page's content. */
public final class Layout {

    /** The sections of the navigation. */
    public enum Section {
        QUEUE("/queue", "Review queue"),
        RECORDS("/records", "Records"),
        STATUS("/status", "Pipeline status"),
        DEAD_LETTERS("/dead-letters", "Dead letters"),
        NONE("", "");

        final String path;
        final String title;

        Section(String path, String title) {
            this.path = path;
            this.title = title;
        }
    }

    private Layout() {}

    /** A full page. */
    public static Html page(String title, Optional<Session> session, Section active, Html content) {
        return Html.of(
                """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{} · RecordFlow</title>
                <link rel="stylesheet" href="/assets/console.css">
                <script src="/assets/console.js" defer></script>
                </head><body>
                <header class="topbar"><a class="brand" href="/queue"><span class="logo">RF</span> RecordFlow <span class="product">Review console</span></a>{}</header>
                <div class="frame">{}<main>{}</main></div>
                </body></html>
                """,
                title,
                session.map(Layout::userBox).orElse(Html.EMPTY),
                session.isPresent() ? nav(active) : Html.EMPTY,
                content);
    }

    private static Html userBox(Session s) {
        return Html.of("""
                <div class="user"><span class="who">{}</span><span class="role role-{}">{}</span>
                <form method="post" action="/signout" class="inline">{}<button class="link" type="submit">Sign out</button></form></div>""", s.user(), s.role().label(), s.role().label(), csrf(s));
    }

    private static Html nav(Section active) {
        List<Html> items = new ArrayList<>();
        for (Section s : Section.values()) {
            if (s != Section.NONE) {
                items.add(Html.of("<a href=\"{}\" class=\"{}\">{}</a>", s.path, s == active ? "active" : "", s.title));
            }
        }
        return Html.of(
                "<nav class=\"side\">{}<dl class=\"hint\"><dt>Keyboard</dt><dd><kbd>a</kbd> accept</dd><dd><kbd>n</kbd> next record</dd><dd><kbd>j</kbd> <kbd>k</kbd> move in the queue</dd><dd><kbd>/</kbd> search</dd><dd><kbd>g</kbd> <kbd>q</kbd> go to queue</dd></dl></nav>",
                items);
    }

    /** The hidden CSRF field every state-changing form carries. */
    public static Html csrf(Session s) {
        return Html.of("<input type=\"hidden\" name=\"{}\" value=\"{}\">", ConsoleServer.CSRF_FIELD, s.csrfToken());
    }

    /** True when the session's role allows {@code role}. */
    public static boolean may(Optional<Session> session, Role role) {
        return session.map(s -> s.role().allows(role)).orElse(false);
    }

    /** An error page. */
    public static Html error(int status, String title, String message, Optional<Session> session) {
        return page(
                title,
                session,
                Section.NONE,
                Html.of(
                        "<section class=\"card error\"><h1>{}</h1><p>{}</p><p class=\"muted\">HTTP {}</p><p><a href=\"/queue\">Back to the review queue</a></p></section>",
                        title,
                        message,
                        status));
    }
}

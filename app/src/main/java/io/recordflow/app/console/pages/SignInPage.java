package io.recordflow.app.console.pages;

import io.recordflow.app.console.http.Html;
import java.util.Optional;

/** The sign-in form. Its own token (a cookie and a hidden field that must match) keeps other sites from posting it. */
public final class SignInPage {

    /** Name of the cookie and field carrying the sign-in form's token. */
    public static final String TOKEN = "rf_signin";

    private SignInPage() {}

    public static Html render(String token, String next, Optional<String> problem, Optional<String> noUsersFile) {
        return Layout.page(
                "Sign in",
                Optional.empty(),
                Layout.Section.NONE,
                Html.of(
                        """
                        <section class="signin card"><h1>Sign in</h1>
                        <p class="muted">RecordFlow review console. Use the account your records manager created with
                        <code>recordflow console add-user</code>.</p>{}{}
                        <form method="post" action="/signin" id="signin-form">
                        <input type="hidden" name="{}" value="{}"><input type="hidden" name="next" value="{}">
                        <label class="block">User name<input name="username" id="username" autocomplete="username" required autofocus></label>
                        <label class="block">Password<input type="password" name="password" id="password" autocomplete="current-password" required></label>
                        <button class="primary wide" type="submit" id="signin">Sign in</button></form></section>""",
                        noUsersFile
                                .map(f -> Html.of(
                                        "<div class=\"alert\">No user exists yet. Create one with <code>recordflow console add-user NAME --role reviewer --users-file {}</code>.</div>",
                                        f))
                                .orElse(Html.EMPTY),
                        problem.map(p -> Html.of("<div class=\"alert\" id=\"signin-problem\">{}</div>", p))
                                .orElse(Html.EMPTY),
                        TOKEN,
                        token,
                        next));
    }
}

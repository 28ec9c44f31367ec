package io.recordflow.app.console.pages;

import io.recordflow.app.console.auth.Role;
import io.recordflow.app.console.auth.Sessions.Session;
import io.recordflow.app.console.http.Html;
import io.recordflow.app.console.http.PathSegment;
import io.recordflow.app.dlq.BytesPreview;
import io.recordflow.app.dlq.Redrivability;
import io.recordflow.app.kafka.TopicScan.Entry;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The dead-letter list with filters, and one dead letter's detail with the redrive form (operators). */
public final class DeadLetterPages {

    /** The list's filters as typed, and what could not be parsed. */
    public record Filters(
            String stage, String errorClass, String topic, String recordId, String since, List<String> problems) {}

    private DeadLetterPages() {}

    public static Html list(
            Session session, List<Entry<DeadLetter>> shown, int total, Map<String, AuditEvent> redrives, Filters f) {
        List<Html> rows = new ArrayList<>();
        for (Entry<DeadLetter> e : shown) {
            DeadLetter d = e.value();
            rows.add(Html.of(
                    """
                    <tr><td class="when">{}</td><td><span class="badge stage">{}</span></td>
                    <td><a href="/dead-letters/{}" class="mono">{}</a><div class="muted small">{}</div></td>
                    <td class="mono small">{}</td><td class="clip">{}</td><td>{}</td></tr>""",
                    Format.time(d.getFailedAt()),
                    d.getStage().name().toLowerCase(Locale.ROOT),
                    PathSegment.encode(d.getId()),
                    abbreviate(d.getId(), 28),
                    Format.orDash(d.getRecordId()),
                    d.getErrorClass(),
                    abbreviate(d.getErrorMessage(), 140),
                    redrives.containsKey(d.getId())
                            ? Html.of("<span class=\"badge done\">redriven</span>")
                            : Redrivability.reasonNotRedrivable(d).isPresent()
                                    ? Html.of("<span class=\"badge muted\">not redrivable</span>")
                                    : Html.of("<span class=\"badge pending\">open</span>")));
        }
        List<Html> stages = new ArrayList<>();
        stages.add(Html.of("<option value=\"\">Any stage</option>"));
        for (Stage s : Stage.values()) {
            stages.add(QueuePage.option(
                    s.name(), s.name().toLowerCase(Locale.ROOT), s.name().equalsIgnoreCase(f.stage())));
        }
        List<Html> problems = new ArrayList<>();
        f.problems().forEach(p -> problems.add(Html.of("<li>{}</li>", p)));
        Html content = Html.of(
                """
                <div class="page-head"><div><h1>Dead letters</h1><p class="muted">Records a stage could not process, with the reason. Operators can send them back after fixing the cause.</p></div>
                <div class="stats"><div class="stat"><b>{}</b><span>dead letters</span></div><div class="stat"><b id="dlq-shown">{}</b><span>shown</span></div></div></div>
                <form class="filters card" method="get" action="/dead-letters">
                <label>Stage<select name="stage">{}</select></label>
                <label>Error class<input name="errorClass" value="{}" placeholder="e.g. Timeout"></label>
                <label>Source topic<input name="topic" value="{}" placeholder="records.ingested.v1"></label>
                <label>Record id<input name="recordId" value="{}"></label>
                <label>Since<input name="since" value="{}" placeholder="PT24H or 2026-05-01T00:00:00Z"></label>
                <div class="actions"><button type="submit">Filter</button><a class="button secondary" href="/dead-letters">Clear</a></div>{}</form>
                <section class="card">{}</section>""",
                total,
                shown.size(),
                stages,
                f.errorClass(),
                f.topic(),
                f.recordId(),
                f.since(),
                problems.isEmpty() ? Html.EMPTY : Html.of("<ul class=\"problems\">{}</ul>", problems),
                rows.isEmpty()
                        ? Html.of(
                                "<div class=\"empty\"><h2>No dead letters</h2><p class=\"muted\">Nothing matches; every record went through.</p></div>")
                        : Html.of(
                                "<table class=\"grid\" id=\"dead-letters\"><thead><tr><th>Failed</th><th>Stage</th><th>Dead letter / record</th><th>Error</th><th>Message</th><th>State</th></tr></thead><tbody>{}</tbody></table>",
                                rows));
        return Layout.page("Dead letters", Optional.of(session), Layout.Section.DEAD_LETTERS, content);
    }

    public static Html detail(
            Session session, Entry<DeadLetter> entry, Optional<AuditEvent> redrive, Optional<String> notice) {
        DeadLetter d = entry.value();
        List<Html> context = new ArrayList<>();
        d.getContext().forEach((k, v) -> context.add(Html.of("<dt>{}</dt><dd class=\"wrap\">{}</dd>", k, v)));
        Optional<String> notRedrivable = Redrivability.reasonNotRedrivable(d);
        Html action;
        if (notRedrivable.isPresent()) {
            action = Html.of("<p class=\"muted\">Not redrivable: {}</p>", notRedrivable.get());
        } else if (!session.role().allows(Role.OPERATOR)) {
            action = Html.of(
                    "<p class=\"muted\" id=\"cannot-redrive\">Your role ({}) may not redrive; operators can.</p>",
                    session.role().label());
        } else {
            action = Html.of(
                    """
                    <form method="post" action="/dead-letters/{}/redrive" id="redrive-form">{}
                    {}<button class="primary" type="submit" id="redrive">Redrive to {}</button></form>""",
                    PathSegment.encode(d.getId()),
                    Layout.csrf(session),
                    redrive.isPresent()
                            ? Html.of(
                                    "<label class=\"check\"><input type=\"checkbox\" name=\"force\" value=\"on\"> Redrive again (already redriven by {} at {})</label>",
                                    redrive.get().getActor(),
                                    Format.time(redrive.get().getOccurredAt()))
                            : Html.EMPTY,
                    d.getSourceTopic());
        }
        Html content = Html.of(
                """
                <div class="page-head"><div><p class="crumbs"><a href="/dead-letters">Dead letters</a> / <span class="mono">{}</span></p>
                <h1>{}</h1><p class="muted">{} stage · failed {} · {} attempt(s)</p></div></div>{}
                <div class="record-grid"><div class="col-main">
                <section class="card"><h2>Error</h2><p class="mono">{}</p><pre class="doc-text">{}</pre></section>
                <section class="card"><h2>Original value</h2><pre class="doc-text small">{}</pre></section></div>
                <aside class="col-side"><section class="card decision"><h2>Redrive</h2>{}</section>
                <section class="card"><h2>Where it came from</h2><dl class="kv"><dt>Record id</dt><dd>{}</dd><dt>Source</dt><dd class="wrap">{}</dd>
                <dt>Topic</dt><dd class="mono">{}</dd><dt>Partition / offset</dt><dd>{} / {}</dd><dt>Dead letter at</dt><dd class="mono">{}</dd></dl></section>
                <section class="card"><h2>Context</h2><dl class="kv">{}</dl></section></aside></div>""",
                d.getId(),
                d.getErrorClass(),
                d.getStage().name().toLowerCase(Locale.ROOT),
                Format.time(d.getFailedAt()),
                d.getAttempts(),
                notice.map(n -> Html.of("<div class=\"notice\" id=\"notice\">{}</div>", n))
                        .orElse(Html.EMPTY),
                d.getErrorClass(),
                d.getErrorMessage(),
                d.getOriginalValue() == null ? "—" : BytesPreview.describe(d.getOriginalValue()),
                action,
                Format.orDash(d.getRecordId()),
                Format.orDash(d.getSourceUri()),
                Format.orDash(d.getSourceTopic()),
                Format.orDash(d.getSourcePartition()),
                Format.orDash(d.getSourceOffset()),
                entry.position(),
                context);
        return Layout.page("Dead letter " + d.getId(), Optional.of(session), Layout.Section.DEAD_LETTERS, content);
    }

    static String abbreviate(String s, int max) {
        return s == null ? "—" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

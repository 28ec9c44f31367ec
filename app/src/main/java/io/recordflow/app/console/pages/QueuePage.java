package io.recordflow.app.console.pages;

import io.recordflow.app.console.auth.Sessions.Session;
import io.recordflow.app.console.http.Html;
import io.recordflow.app.console.http.PathSegment;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.ReviewReason;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The review queue: records awaiting a decision, newest first, with filters and counts by reason and category. */
public final class QueuePage {

    private QueuePage() {}

    /**
     * @param open every record awaiting review, newest first
     * @param filter what the reviewer filtered by
     */
    public static Html render(Session session, List<EnrichedRecord> open, QueueFilter filter) {
        List<EnrichedRecord> shown = open.stream().filter(filter::test).toList();
        Map<String, Integer> byReason = new TreeMap<>();
        Map<String, Integer> byCategory = new TreeMap<>();
        for (EnrichedRecord r : open) {
            r.getReviewReasons().forEach(x -> byReason.merge(x.name(), 1, Integer::sum));
            byCategory.merge(r.getClassification().getCode(), 1, Integer::sum);
        }
        Html content = Html.of(
                """
                <div class="page-head"><div><h1>Review queue</h1>
                <p class="muted">Records the pipeline was not sure about. Newest first; open one to decide its schedule item.</p></div>
                <div class="stats"><div class="stat"><b id="open-count">{}</b><span>awaiting review</span></div>
                <div class="stat"><b id="shown-count">{}</b><span>shown</span></div></div></div>
                {}{}<section class="card">{}</section>""",
                open.size(),
                shown.size(),
                reasonChips(byReason, filter),
                filters(filter, byReason, byCategory),
                shown.isEmpty() ? empty(open.isEmpty()) : table(shown));
        return Layout.page("Review queue", Optional.of(session), Layout.Section.QUEUE, content);
    }

    private static Html reasonChips(Map<String, Integer> byReason, QueueFilter filter) {
        List<Html> chips = new ArrayList<>();
        chips.add(Html.of(
                "<a class=\"chip {}\" href=\"/queue\">All</a>", filter.reason().isEmpty() ? "on" : ""));
        byReason.forEach((reason, n) -> chips.add(Html.of(
                "<a class=\"chip {}\" href=\"/queue?reason={}\">{} <b>{}</b></a>",
                reason.equals(filter.reason()) ? "on" : "",
                URLEncoder.encode(reason, StandardCharsets.UTF_8),
                reason.toLowerCase(Locale.ROOT).replace('_', ' '),
                n)));
        return Html.of("<div class=\"chips\">{}</div>", chips);
    }

    private static Html filters(QueueFilter f, Map<String, Integer> byReason, Map<String, Integer> byCategory) {
        List<Html> reasons = new ArrayList<>();
        reasons.add(Html.of("<option value=\"\">Any reason</option>"));
        for (String r : QueueFilter.reasons()) {
            reasons.add(option(
                    r,
                    r.toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + byReason.getOrDefault(r, 0) + ")",
                    r.equals(f.reason())));
        }
        List<Html> categories = new ArrayList<>();
        categories.add(Html.of("<option value=\"\">Any category</option>"));
        new TreeSet<>(byCategory.keySet())
                .forEach(c -> categories.add(option(c, c + " (" + byCategory.get(c) + ")", c.equals(f.category()))));
        List<Html> problems = new ArrayList<>();
        f.problems().forEach(p -> problems.add(Html.of("<li>{}</li>", p)));
        return Html.of(
                """
                <form class="filters card" method="get" action="/queue" id="queue-filters">
                <label>Reason<select name="reason">{}</select></label>
                <label>Category<select name="category">{}</select></label>
                <label>Confidence from<input name="minConfidence" inputmode="decimal" placeholder="0.00" value="{}" size="5"></label>
                <label>to<input name="maxConfidence" inputmode="decimal" placeholder="1.00" value="{}" size="5"></label>
                <label>Enriched from<input type="date" name="from" value="{}"></label>
                <label>to<input type="date" name="to" value="{}"></label>
                <div class="actions"><button type="submit">Filter</button>{}</div>
                {}</form>""",
                reasons,
                categories,
                f.minConfidence().map(String::valueOf).orElse(""),
                f.maxConfidence().map(String::valueOf).orElse(""),
                f.from().map(String::valueOf).orElse(""),
                f.to().map(String::valueOf).orElse(""),
                f.active() ? Html.of("<a class=\"button secondary\" href=\"/queue\">Clear</a>") : Html.EMPTY,
                problems.isEmpty() ? Html.EMPTY : Html.of("<ul class=\"problems\">{}</ul>", problems));
    }

    static Html option(String value, String text, boolean selected) {
        return Html.of("<option value=\"{}\"{}>{}</option>", value, selected ? Html.of(" selected") : Html.EMPTY, text);
    }

    private static Html empty(boolean queueEmpty) {
        return Html.of(
                "<div class=\"empty\"><h2>{}</h2><p class=\"muted\">{}</p></div>",
                queueEmpty ? "Nothing awaits review" : "No record matches these filters",
                queueEmpty
                        ? "Every enriched record has a confident classification or a human decision."
                        : "Clear the filters to see the whole queue.");
    }

    private static Html table(List<EnrichedRecord> shown) {
        List<Html> rows = new ArrayList<>();
        for (EnrichedRecord r : shown) {
            List<Html> reasons = new ArrayList<>();
            for (ReviewReason reason : r.getReviewReasons()) {
                reasons.add(Format.reason(reason.name()));
            }
            String title = r.getRecord().getTitle() != null
                    ? r.getRecord().getTitle()
                    : Format.orDash(r.getRecord().getFileName());
            rows.add(Html.of(
                    """
                    <tr data-href="/records/{}"><td class="when">{}</td>
                    <td><a class="title" href="/records/{}">{}</a><div class="muted small">{} · {}</div></td>
                    <td><span class="code">{}</span><div class="small">{}</div></td>
                    <td>{}</td><td>{}</td></tr>""",
                    PathSegment.encode(r.getRecordId()),
                    Format.time(r.getEnrichedAt()),
                    PathSegment.encode(r.getRecordId()),
                    title,
                    Format.orDash(r.getRecord().getFileName()),
                    r.getRecord().getModality().name().toLowerCase(Locale.ROOT),
                    r.getClassification().getCode(),
                    r.getClassification().getLabel(),
                    Format.confidenceBar(r.getClassification().getConfidence()),
                    reasons));
        }
        return Html.of("""
                <table class="grid" id="queue"><thead><tr><th>Enriched</th><th>Record</th><th>Model's category</th>
                <th>Confidence</th><th>Why review</th></tr></thead><tbody>{}</tbody></table>""", rows);
    }
}

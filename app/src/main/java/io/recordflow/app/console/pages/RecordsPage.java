package io.recordflow.app.console.pages;

import io.recordflow.app.console.auth.Sessions.Session;
import io.recordflow.app.console.http.Html;
import io.recordflow.app.console.http.PathSegment;
import io.recordflow.records.EnrichedRecord;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Record search over the latest enrichment of every record: by title or file name, category, date range, recordId. */
public final class RecordsPage {

    /** Most rows shown at once. */
    static final int MAX_ROWS = 200;

    /** The search as typed. */
    public record Search(
            String text, String category, Optional<LocalDate> from, Optional<LocalDate> to, String recordId) {

        public boolean test(EnrichedRecord r) {
            String title = (Optional.ofNullable(r.getRecord().getTitle()).orElse("") + " "
                            + Optional.ofNullable(r.getRecord().getFileName()).orElse(""))
                    .toLowerCase(Locale.ROOT);
            LocalDate day = LocalDate.ofInstant(r.getEnrichedAt(), ZoneOffset.UTC);
            return (text.isEmpty() || title.contains(text.toLowerCase(Locale.ROOT)))
                    && (category.isEmpty() || r.getClassification().getCode().startsWith(category))
                    && (recordId.isEmpty() || r.getRecordId().startsWith(recordId))
                    && from.map(f -> !day.isBefore(f)).orElse(true)
                    && to.map(t -> !day.isAfter(t)).orElse(true);
        }
    }

    private RecordsPage() {}

    public static Html render(Session session, List<EnrichedRecord> newestFirst, Search s, List<String> problems) {
        List<EnrichedRecord> found = newestFirst.stream().filter(s::test).toList();
        List<Html> rows = new ArrayList<>();
        for (EnrichedRecord r : found.stream().limit(MAX_ROWS).toList()) {
            rows.add(Html.of(
                    """
                    <tr><td class="when">{}</td><td><a class="title" href="/records/{}">{}</a><div class="muted small mono">{}</div></td>
                    <td><span class="code">{}</span><div class="small">{}</div></td><td>{}</td><td>{}</td></tr>""",
                    Format.time(r.getEnrichedAt()),
                    PathSegment.encode(r.getRecordId()),
                    Optional.ofNullable(r.getRecord().getTitle())
                            .orElse(Format.orDash(r.getRecord().getFileName())),
                    r.getRecordId(),
                    r.getClassification().getCode(),
                    r.getClassification().getLabel(),
                    Format.confidenceBar(r.getClassification().getConfidence()),
                    r.getNeedsReview()
                            ? Html.of("<span class=\"badge pending\">in review</span>")
                            : r.getProvenance().getDecidedBy() != null
                                    ? Html.of(
                                            "<span class=\"badge done\">decided by {}</span>",
                                            r.getProvenance().getDecidedBy())
                                    : Html.of("<span class=\"badge\">model</span>")));
        }
        List<Html> problemItems = new ArrayList<>();
        problems.forEach(p -> problemItems.add(Html.of("<li>{}</li>", p)));
        Html content = Html.of(
                """
                <div class="page-head"><div><h1>Records</h1><p class="muted">Every enriched record, by its latest enrichment.</p></div>
                <div class="stats"><div class="stat"><b>{}</b><span>records</span></div><div class="stat"><b id="found-count">{}</b><span>found</span></div></div></div>
                <form class="filters card" method="get" action="/records">
                <label class="grow">Title or file name<input type="search" name="q" id="search" value="{}"></label>
                <label>Category<input name="category" value="{}" placeholder="GRS-5.1"></label>
                <label>Record id<input name="id" value="{}"></label>
                <label>Enriched from<input type="date" name="from" value="{}"></label>
                <label>to<input type="date" name="to" value="{}"></label>
                <div class="actions"><button type="submit">Search</button></div>{}</form>
                <section class="card">{}</section>""",
                newestFirst.size(),
                found.size(),
                s.text(),
                s.category(),
                s.recordId(),
                s.from().map(String::valueOf).orElse(""),
                s.to().map(String::valueOf).orElse(""),
                problemItems.isEmpty() ? Html.EMPTY : Html.of("<ul class=\"problems\">{}</ul>", problemItems),
                found.isEmpty()
                        ? Html.of("<div class=\"empty\"><h2>No record found</h2></div>")
                        : Html.of(
                                "<table class=\"grid\" id=\"records\"><thead><tr><th>Enriched</th><th>Record</th><th>Category</th><th>Confidence</th><th>State</th></tr></thead><tbody>{}</tbody></table>{}",
                                rows,
                                found.size() > MAX_ROWS
                                        ? Html.of(
                                                "<p class=\"muted\">First {} of {} shown; narrow the search.</p>",
                                                MAX_ROWS,
                                                found.size())
                                        : Html.EMPTY));
        return Layout.page("Records", Optional.of(session), Layout.Section.RECORDS, content);
    }
}

package io.recordflow.app.console.pages;

import io.recordflow.app.console.RecordHistory;
import io.recordflow.app.console.auth.Role;
import io.recordflow.app.console.auth.Sessions.Session;
import io.recordflow.app.console.http.Html;
import io.recordflow.app.console.http.PathSegment;
import io.recordflow.enrich.taxonomy.TaxonomyCategory;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.CategoryScore;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Retention;
import io.recordflow.records.ReviewReason;
import io.recordflow.records.SensitivityFlag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A record as a reviewer needs it to decide: metadata, summary, the model's category with confidence, rationale and
 * alternatives, sensitivity findings located in the text (values hidden from viewers), retention, the extracted text,
 * the original, the history, and the decision form (reviewers).
 */
public final class RecordPage {

    /** Longest stretch of extracted text shown on the page. */
    static final int MAX_TEXT = 20_000;

    /** What the page shows besides the record itself. */
    public record Context(
            RecordHistory history,
            List<TaxonomyCategory> schedule,
            Optional<String> originalUnavailable,
            boolean awaitingReview,
            Optional<String> nextInQueue,
            Optional<String> notice) {}

    private RecordPage() {}

    public static Html render(Session session, EnrichedRecord r, Context c) {
        AgencyRecord rec = r.getRecord();
        String title = rec.getTitle() != null ? rec.getTitle() : Format.orDash(rec.getFileName());
        Html content = Html.of(
                """
                <div class="page-head"><div><p class="crumbs"><a href="/queue">Review queue</a> / <span class="mono">{}</span></p>
                <h1 id="record-title">{}</h1>
                <p class="muted">{} · {} · {} · ingested {}</p></div><div>{}</div></div>
                {}
                <div class="record-grid"><div class="col-main">{}{}{}{}{}</div>
                <aside class="col-side">{}{}{}{}</aside></div>""",
                r.getRecordId(),
                title,
                Format.orDash(rec.getFileName()),
                rec.getModality().name().toLowerCase(Locale.ROOT),
                rec.getMediaType(),
                Format.time(rec.getIngestedAt()),
                c.awaitingReview()
                        ? Html.of("<span class=\"status-pill pending\">Awaiting review</span>")
                        : Html.of("<span class=\"status-pill done\">Decided</span>"),
                c.notice()
                        .map(n -> Html.of("<div class=\"notice\" id=\"notice\">{}</div>", n))
                        .orElse(Html.EMPTY),
                classification(r),
                summary(r),
                sensitivity(session, r),
                text(session, r),
                original(r, c),
                decision(session, r, c),
                retention(r.getRetention()),
                metadata(rec),
                timeline(c.history()));
        return Layout.page(title, Optional.of(session), Layout.Section.QUEUE, content);
    }

    private static Html classification(EnrichedRecord r) {
        List<Html> alternatives = new ArrayList<>();
        for (CategoryScore a : r.getClassification().getAlternatives()) {
            alternatives.add(Html.of(
                    "<li><span class=\"code\">{}</span> {}</li>",
                    a.getCode(),
                    Format.confidenceBar(a.getConfidence())));
        }
        List<Html> reasons = new ArrayList<>();
        for (ReviewReason reason : r.getReviewReasons()) {
            reasons.add(Format.reason(reason.name()));
        }
        List<Html> notes = new ArrayList<>();
        r.getReviewNotes().forEach(n -> notes.add(Html.of("<li>{}</li>", n)));
        return Html.of(
                """
                <section class="card" id="classification"><h2>Model's classification</h2>
                <div class="classification"><div><span class="code big" id="model-code">{}</span><div class="label">{}</div></div>
                <div class="confidence">{}<div class="muted small">confidence</div></div></div>
                <p class="rationale">{}</p>
                {}<div class="reasons">{}</div>{}
                <p class="muted small">{} {} · prompt {} · {}</p></section>""",
                r.getClassification().getCode(),
                r.getClassification().getLabel(),
                Format.confidenceBar(r.getClassification().getConfidence()),
                Format.orDash(r.getClassification().getRationale()),
                alternatives.isEmpty()
                        ? Html.EMPTY
                        : Html.of("<h3>Alternatives</h3><ul class=\"alternatives\">{}</ul>", alternatives),
                reasons,
                notes.isEmpty() ? Html.EMPTY : Html.of("<ul class=\"notes\">{}</ul>", notes),
                r.getProvenance().getProvider(),
                r.getProvenance().getModel(),
                r.getProvenance().getPromptVersion(),
                Format.time(r.getEnrichedAt()));
    }

    private static Html summary(EnrichedRecord r) {
        List<Html> keywords = new ArrayList<>();
        r.getKeywords().forEach(k -> keywords.add(Html.of("<span class=\"tag\">{}</span>", k)));
        return Html.of(
                "<section class=\"card\"><h2>Summary</h2><p>{}</p><div class=\"tags\">{}</div></section>",
                Format.orDash(r.getSummary()),
                keywords);
    }

    private static Html sensitivity(Session session, EnrichedRecord r) {
        var s = r.getSensitivity();
        List<Html> rows = new ArrayList<>();
        boolean reveal = session.role().allows(Role.REVIEWER);
        String text = r.getRecord().getText();
        for (SensitivityFlag f : s.getFlags()) {
            String located = f.getStart() == null ? "not located" : "characters " + f.getStart() + "–" + f.getEnd();
            String value =
                    f.getStart() != null && f.getEnd() != null && f.getEnd() <= text.length() && f.getStart() >= 0
                            ? (reveal ? text.substring(f.getStart(), f.getEnd()) : "hidden (reviewer role)")
                            : "—";
            rows.add(Html.of(
                    "<tr class=\"{}\"><td><span class=\"badge flag\">{}</span></td><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}</td></tr>",
                    isInjection(f) ? "injection" : "",
                    f.getType(),
                    f.getDetector(),
                    located,
                    value,
                    Format.orDash(f.getNote())));
        }
        List<Html> exemptions = new ArrayList<>();
        s.getFoiaExemptions().forEach(e -> exemptions.add(Html.of("<span class=\"tag\">{}</span>", e)));
        boolean injection = r.getReviewReasons().contains(ReviewReason.PROMPT_INJECTION_SUSPECTED)
                || s.getFlags().stream().anyMatch(RecordPage::isInjection);
        return Html.of(
                """
                <section class="card" id="sensitivity"><h2>Sensitivity</h2>
                {}<div class="facts"><span class="fact {}">PII: {}</span><span class="fact {}">CUI: {}</span><span>FOIA exemptions: {}</span></div>
                {}</section>""",
                injection
                        ? Html.of(
                                "<div class=\"alert\" id=\"injection\">Possible prompt injection in this document: "
                                        + "the model's answer may have been steered by its content. Check the text before accepting.</div>")
                        : Html.EMPTY,
                s.getPii() ? "yes" : "",
                s.getPii() ? "yes" : "no",
                s.getCui() ? "yes" : "",
                s.getCui() ? "yes" : "no",
                exemptions.isEmpty() ? Html.text("none") : Html.join(exemptions),
                rows.isEmpty()
                        ? Html.of("<p class=\"muted\">No sensitivity finding.</p>")
                        : Html.of(
                                "<table class=\"grid compact\"><thead><tr><th>Finding</th><th>Detector</th><th>Where</th><th>Value</th><th>Note</th></tr></thead><tbody>{}</tbody></table>",
                                rows));
    }

    private static boolean isInjection(SensitivityFlag f) {
        return f.getType().toUpperCase(Locale.ROOT).contains("INJECTION");
    }

    /** The extracted text with located findings highlighted; their values masked unless the role may see them. */
    private static Html text(Session session, EnrichedRecord r) {
        String text = r.getRecord().getText();
        int limit = Math.min(text.length(), MAX_TEXT);
        boolean reveal = session.role().allows(Role.REVIEWER);
        List<SensitivityFlag> located = r.getSensitivity().getFlags().stream()
                .filter(f -> f.getStart() != null && f.getEnd() != null)
                .filter(f -> f.getStart() >= 0 && f.getStart() < f.getEnd() && f.getEnd() <= limit)
                .sorted(Comparator.comparing(SensitivityFlag::getStart))
                .toList();
        List<Html> parts = new ArrayList<>();
        int at = 0;
        for (SensitivityFlag f : located) {
            if (f.getStart() < at) {
                continue; // overlaps the previous finding, which is already marked
            }
            parts.add(Html.text(text.substring(at, f.getStart())));
            String value = text.substring(f.getStart(), f.getEnd());
            parts.add(Html.of(
                    "<mark class=\"{}\" title=\"{}\">{}</mark>",
                    reveal ? "finding" : "finding redacted",
                    f.getType(),
                    reveal ? value : "█".repeat(Math.min(value.length(), 12))));
            at = f.getEnd();
        }
        parts.add(Html.text(text.substring(at, limit)));
        String note = (r.getRecord().getTextTruncated() ? "truncated at extraction; " : "")
                + (text.length() > limit ? "first " + limit + " of " + text.length() + " characters shown; " : "")
                + r.getRecord().getTextLength() + " characters"
                + (r.getRecord().getOcrApplied() ? ", OCR" : "");
        return Html.of(
                "<section class=\"card\" id=\"text\"><h2>Extracted text <span class=\"muted small\">{}</span></h2><pre class=\"doc-text\">{}</pre></section>",
                note,
                parts);
    }

    /** True when the page of {@code r} shows its original in a frame (a PDF), so it needs a policy allowing that. */
    public static boolean framesOriginal(EnrichedRecord r, Context c) {
        return c.originalUnavailable().isEmpty() && isPdf(r);
    }

    private static boolean isPdf(EnrichedRecord r) {
        return "application/pdf".equals(r.getRecord().getMediaType());
    }

    private static Html original(EnrichedRecord r, Context c) {
        if (c.originalUnavailable().isPresent()) {
            return Html.of(
                    "<section class=\"card\" id=\"original\"><h2>Original</h2><p class=\"muted\">Not available: {}</p></section>",
                    c.originalUnavailable().get());
        }
        String url = "/records/" + PathSegment.encode(r.getRecordId()) + "/original";
        String type = r.getRecord().getMediaType();
        Html preview = isPdf(r)
                ? Html.of("<iframe class=\"preview\" src=\"{}?inline=1\" title=\"original document\"></iframe>", url)
                : type.startsWith("image/")
                        ? Html.of("<img class=\"preview\" src=\"{}?inline=1\" alt=\"original image\">", url)
                        : Html.EMPTY;
        return Html.of(
                "<section class=\"card\" id=\"original\"><h2>Original <a class=\"button secondary small\" href=\"{}\" download>Download ({})</a></h2>{}</section>",
                url,
                Format.bytes(r.getRecord().getSizeBytes()),
                preview);
    }

    private static Html decision(Session session, EnrichedRecord r, Context c) {
        Html next = c.nextInQueue()
                .map(id -> Html.of(
                        "<a class=\"button secondary\" id=\"next\" href=\"/records/{}\">Next in queue <kbd>n</kbd></a>",
                        PathSegment.encode(id)))
                .orElse(Html.of(
                        "<a class=\"button secondary\" id=\"next\" href=\"/queue\">Back to queue <kbd>n</kbd></a>"));
        if (!c.awaitingReview()) {
            return Html.of(
                    "<section class=\"card decision\"><h2>Decision</h2><p>This record does not await review{}.</p>{}</section>",
                    r.getProvenance().getDecidedBy() != null
                            ? "; decided by " + r.getProvenance().getDecidedBy()
                            : "",
                    next);
        }
        if (!session.role().allows(Role.REVIEWER)) {
            return Html.of(
                    "<section class=\"card decision\"><h2>Decision</h2><p class=\"muted\" id=\"cannot-decide\">Your role ({}) may read this record but not decide it.</p>{}</section>",
                    session.role().label(),
                    next);
        }
        List<Html> options = new ArrayList<>();
        for (TaxonomyCategory cat : c.schedule()) {
            options.add(Html.of(
                    "<option value=\"{}\" data-search=\"{}\"{}>{} — {} · {}</option>",
                    cat.code(),
                    (cat.code() + " " + cat.title() + " " + cat.scheduleItem()).toLowerCase(Locale.ROOT),
                    cat.code().equals(r.getClassification().getCode()) ? Html.of(" selected") : Html.EMPTY,
                    cat.code(),
                    cat.title(),
                    cat.retentionRule()));
        }
        return Html.of(
                """
                <section class="card decision" id="decision"><h2>Decision</h2>
                <form method="post" action="/records/{}/decide" id="decide-form">{}
                <button class="primary wide" type="submit" name="action" value="accept" id="accept">Accept {} <kbd>a</kbd></button>
                <div class="or">or choose another schedule item</div>
                <input type="search" id="category-search" placeholder="Search the schedule by code or title" autocomplete="off">
                <select name="category" id="category" size="8">{}</select>
                <label class="block">Note (kept with the decision)<textarea name="note" id="note" rows="3" maxlength="2000"></textarea></label>
                <button class="wide" type="submit" name="action" value="choose" id="decide">Decide selected item</button>
                </form>{}<p class="muted small">Recorded as decided by <b>{}</b>.</p></section>""",
                PathSegment.encode(r.getRecordId()),
                Layout.csrf(session),
                r.getClassification().getCode(),
                options,
                next,
                session.user());
    }

    private static Html retention(Retention retention) {
        if (retention == null) {
            return Html.of(
                    "<section class=\"card\"><h2>Retention</h2><p class=\"muted\">No retention rule assigned.</p></section>");
        }
        return Html.of(
                """
                <section class="card" id="retention"><h2>Retention</h2><dl class="kv">
                <dt>Schedule item</dt><dd>{}</dd><dt>Disposition</dt><dd>{}</dd><dt>Period</dt><dd>{}</dd>
                <dt>Cut-off</dt><dd>{}</dd><dt>Disposition date</dt><dd id="disposition-date">{}</dd></dl></section>""",
                retention.getScheduleItem(),
                retention.getDisposition().name().toLowerCase(Locale.ROOT),
                Format.orDash(retention.getRetentionPeriod()),
                Format.orDash(retention.getCutoffRule()),
                retention.getDispositionDate() == null
                        ? "to be computed"
                        : retention.getDispositionDate().toString());
    }

    private static Html metadata(AgencyRecord rec) {
        List<Html> rows = new ArrayList<>();
        row(rows, "Record id", rec.getRecordId());
        row(rows, "Source", rec.getSourceUri());
        row(rows, "Creator", rec.getCreator());
        row(rows, "Agency / office", joinNonNull(rec.getAgency(), rec.getOffice()));
        row(rows, "Created", Format.time(rec.getDateCreated()));
        row(rows, "Received", Format.time(rec.getDateReceived()));
        row(rows, "Format", joinNonNull(rec.getMediaType(), rec.getFormat()));
        row(rows, "Size", Format.bytes(rec.getSizeBytes()));
        row(rows, "Pages", rec.getPageCount());
        row(rows, "Language", rec.getLanguage());
        row(rows, "SHA-256", rec.getSha256());
        if (rec.getImage() != null) {
            row(
                    rows,
                    "Image",
                    rec.getImage().getWidth() + " × " + rec.getImage().getHeight() + " px");
        }
        if (rec.getAudio() != null && rec.getAudio().getDurationMillis() != null) {
            row(rows, "Duration", rec.getAudio().getDurationMillis() / 1000.0 + " s");
        }
        if (rec.getEmail() != null) {
            row(rows, "E-mail from", rec.getEmail().getFrom());
            row(rows, "Subject", rec.getEmail().getSubject());
        }
        List<Html> warnings = new ArrayList<>();
        rec.getExtractionWarnings().forEach(w -> warnings.add(Html.of("<li>{}</li>", w)));
        return Html.of(
                "<section class=\"card\" id=\"metadata\"><h2>Metadata</h2><dl class=\"kv\">{}</dl>{}</section>",
                rows,
                warnings.isEmpty() ? Html.EMPTY : Html.of("<h3>Extraction warnings</h3><ul>{}</ul>", warnings));
    }

    private static void row(List<Html> rows, String name, Object value) {
        if (value != null && !value.toString().isBlank() && !"—".equals(value.toString())) {
            rows.add(Html.of("<dt>{}</dt><dd class=\"wrap\">{}</dd>", name, value));
        }
    }

    private static String joinNonNull(String a, String b) {
        return a == null ? b : b == null ? a : a + " / " + b;
    }

    private static Html timeline(RecordHistory history) {
        List<Html> items = new ArrayList<>();
        for (RecordHistory.Event e : history.timeline()) {
            items.add(Html.of(
                    "<li class=\"{}\"><div class=\"when\">{}</div><div><b>{}</b><div class=\"muted small\">{}</div></div></li>",
                    e.kind(),
                    Format.time(e.at()),
                    e.title(),
                    e.detail()));
        }
        return Html.of(
                "<section class=\"card\" id=\"history\"><h2>History</h2>{}</section>",
                items.isEmpty()
                        ? Html.of("<p class=\"muted\">No history recorded.</p>")
                        : Html.of("<ol class=\"timeline\">{}</ol>", items));
    }
}

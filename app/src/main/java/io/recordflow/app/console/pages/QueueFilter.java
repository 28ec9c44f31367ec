package io.recordflow.app.console.pages;

import io.recordflow.app.console.http.Request;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.ReviewReason;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The review queue's filters, from the query string: reason, category code, confidence range and enrichment date range
 * (UTC days, inclusive). A value that does not parse is reported and ignored rather than failing the page.
 */
public record QueueFilter(
        String reason,
        String category,
        Optional<Double> minConfidence,
        Optional<Double> maxConfidence,
        Optional<LocalDate> from,
        Optional<LocalDate> to,
        List<String> problems) {

    public static QueueFilter from(Request request) {
        List<String> problems = new ArrayList<>();
        return new QueueFilter(
                request.query("reason"),
                request.query("category"),
                number(request.query("minConfidence"), "minimum confidence", problems),
                number(request.query("maxConfidence"), "maximum confidence", problems),
                date(request.query("from"), "from date", problems),
                date(request.query("to"), "to date", problems),
                problems);
    }

    public boolean test(EnrichedRecord r) {
        double confidence = r.getClassification().getConfidence();
        LocalDate day = LocalDate.ofInstant(r.getEnrichedAt(), ZoneOffset.UTC);
        return (reason.isEmpty()
                        || r.getReviewReasons().stream().anyMatch(x -> x.name().equals(reason)))
                && (category.isEmpty() || r.getClassification().getCode().equals(category))
                && minConfidence.map(min -> confidence >= min).orElse(true)
                && maxConfidence.map(max -> confidence <= max).orElse(true)
                && from.map(f -> !day.isBefore(f)).orElse(true)
                && to.map(t -> !day.isAfter(t)).orElse(true);
    }

    /** True when any filter is set. */
    public boolean active() {
        return !reason.isEmpty()
                || !category.isEmpty()
                || minConfidence.isPresent()
                || maxConfidence.isPresent()
                || from.isPresent()
                || to.isPresent();
    }

    /** Names of every review reason, for the filter's choices. */
    public static List<String> reasons() {
        List<String> names = new ArrayList<>();
        for (ReviewReason r : ReviewReason.values()) {
            if (r != ReviewReason.HUMAN_DECISION) {
                names.add(r.name());
            }
        }
        return names;
    }

    private static Optional<Double> number(String text, String what, List<String> problems) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            double value = Double.parseDouble(text);
            if (value < 0 || value > 1) {
                problems.add(what + " must lie between 0 and 1, not " + text);
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            problems.add(what + " is not a number: " + text);
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> date(String text, String what, List<String> problems) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            problems.add(what + " is not a date (YYYY-MM-DD): " + text);
            return Optional.empty();
        }
    }
}

package io.recordflow.enrich.taxonomy;

import io.recordflow.records.Retention;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Turns a schedule category and a record date into a suggested {@link Retention} with a disposition date. */
public final class RetentionCalculator {
    private RetentionCalculator() {}

    /**
     * Computes retention for a record dated {@code recordDate}: the cutoff closes the year (calendar or
     * federal fiscal) the record belongs to and the period runs from there.
     */
    public static Retention retention(TaxonomyCategory category, Instant recordDate) {
        LocalDate dispositionDate = category.period()
                .map(period -> cutoffDate(
                                category.cutoff(),
                                recordDate.atZone(ZoneOffset.UTC).toLocalDate())
                        .plus(period))
                .orElse(null);
        return Retention.newBuilder()
                .setScheduleItem(category.scheduleItem())
                .setDisposition(category.disposition())
                .setRetentionPeriod(category.period().map(Object::toString).orElse(null))
                .setCutoffRule(cutoffRule(category))
                .setDispositionDate(dispositionDate)
                .build();
    }

    static LocalDate cutoffDate(Cutoff cutoff, LocalDate date) {
        return switch (cutoff) {
            case CALENDAR_YEAR -> LocalDate.of(date.getYear(), 12, 31);
            case FISCAL_YEAR ->
                date.getMonthValue() >= 10
                        ? LocalDate.of(date.getYear() + 1, 9, 30)
                        : LocalDate.of(date.getYear(), 9, 30);
            case EVENT, NONE -> date;
        };
    }

    private static String cutoffRule(TaxonomyCategory category) {
        String rule = category.retentionRule();
        return category.cutoff() == Cutoff.EVENT
                ? rule + " (disposition date estimated from the record date; confirm the cutoff event)"
                : rule;
    }
}

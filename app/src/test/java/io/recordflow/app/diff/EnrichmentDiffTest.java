package io.recordflow.app.diff;

import static io.recordflow.app.fixtures.Enrichments.enriched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recordflow.records.EnrichedRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichmentDiffTest {

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void shouldCountAgreementShiftsAndConfusionOverRecordsOnBothSides() {
        Map<String, EnrichedRecord> left = Map.of(
                "r1", enriched("r1", "A", 0.90, T),
                "r2", enriched("r2", "A", 0.60, T),
                "r3", enriched("r3", "B", 0.80, T),
                "r4", enriched("r4", "B", 0.50, T));
        Map<String, EnrichedRecord> right = Map.of(
                "r1", enriched("r1", "A", 0.92, T),
                "r2", enriched("r2", "B", 0.70, T),
                "r3", enriched("r3", "B", 0.40, T),
                "r5", enriched("r5", "C", 0.99, T));

        EnrichmentDiff.Report report = EnrichmentDiff.compare("left", left, "right", right, 0.05);

        EnrichmentDiff.Summary s = report.summary();
        assertThat(s.compared()).isEqualTo(3);
        assertThat(s.onlyLeft()).isEqualTo(1);
        assertThat(s.onlyRight()).isEqualTo(1);
        assertThat(s.agreementPercent()).isCloseTo(66.67, within(0.01));
        assertThat(s.meanAbsConfidenceShift()).isCloseTo((0.02 + 0.10 + 0.40) / 3, within(1e-9));
        assertThat(s.changed()).isEqualTo(2);
        assertThat(report.confusion()).isEqualTo(Map.of("A", Map.of("A", 1L, "B", 1L), "B", Map.of("B", 1L)));
        assertThat(report.onlyLeftIds()).containsExactly("r4");
        assertThat(report.onlyRightIds()).containsExactly("r5");
        assertThat(report.records())
                .extracting(EnrichmentDiff.RecordComparison::recordId)
                .containsExactly("r1", "r2", "r3");
    }

    @Test
    void shouldReportNothingComparedForDisjointRuns() {
        EnrichmentDiff.Report report = EnrichmentDiff.compare(
                "l", Map.of("a", enriched("a", "A", 1, T)), "r", Map.of("b", enriched("b", "A", 1, T)), 0.05);

        assertThat(report.summary().compared()).isZero();
        assertThat(report.summary().agreementPercent()).isZero();
        assertThat(report.confusion()).isEmpty();
    }
}

package io.recordflow.app.review;

import static io.recordflow.app.fixtures.Enrichments.enriched;
import static io.recordflow.app.fixtures.Enrichments.needingReview;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.ReviewReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HumanDecisionTest {

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");
    private static final Instant NOW = T.plusSeconds(3600);

    private final EnrichedRecord previous = needingReview("r1", "GRS-1.1-010", 0.42, T);
    private final CategoryCatalog catalog =
            new CategoryCatalog(List.of(previous, enriched("r2", "GRS-5.2-020", 0.9, T)));

    @Test
    void shouldBecomeAHumanEnrichmentThatClosesTheReview() {
        EnrichedRecord decided =
                new HumanDecision("GRS-5.2-020", "jdoe", "transitory").apply(previous, catalog, "0.1.0", NOW);

        assertThat(decided.getClassification().getCode()).isEqualTo("GRS-5.2-020");
        assertThat(decided.getClassification().getLabel()).isEqualTo("Label of GRS-5.2-020");
        assertThat(decided.getClassification().getConfidence()).isEqualTo(1.0);
        assertThat(decided.getProvenance().getProvider()).isEqualTo("human");
        assertThat(decided.getProvenance().getDecidedBy()).isEqualTo("jdoe");
        assertThat(decided.getProvenance().getParameters())
                .containsEntry("previousCode", "GRS-1.1-010")
                .containsEntry("previousConfidence", "0.42");
        assertThat(decided.getNeedsReview()).isFalse();
        assertThat(decided.getReviewReasons()).containsExactly(ReviewReason.HUMAN_DECISION);
        assertThat(decided.getEnrichedAt()).isEqualTo(NOW);
        assertThat(decided.getRecord()).isEqualTo(previous.getRecord());
        assertThat(decided.getRetention().getScheduleItem()).isEqualTo("schedule GRS-5.2-020");
        assertThat(decided.getRetention().getDispositionDate()).isNull();
    }

    @Test
    void shouldKeepLabelAndRetentionWhenConfirmingTheModelsCategory() {
        EnrichedRecord decided = new HumanDecision("GRS-1.1-010", "jdoe", null).apply(previous, catalog, "0.1.0", NOW);

        assertThat(decided.getClassification().getLabel())
                .isEqualTo(previous.getClassification().getLabel());
        assertThat(decided.getRetention()).isEqualTo(previous.getRetention());
    }

    @Test
    void shouldUseTheCodeAsLabelForACategoryNotSeenInTheData() {
        EnrichedRecord decided = new HumanDecision("AGENCY-77", "jdoe", null).apply(previous, catalog, "0.1.0", NOW);

        assertThat(decided.getClassification().getLabel()).isEqualTo("AGENCY-77");
        assertThat(decided.getRetention()).isNull();
    }

    @Test
    void shouldLabelFromTheScheduleAndComputeRetentionForTheRecordWhenATaxonomyIsGiven() {
        TaxonomyReference schedule = new TaxonomyReference(TaxonomyLoader.loadDefault(), "default");

        EnrichedRecord decided = new HumanDecision("GRS-5.2-010", "jdoe", null).apply(previous, schedule, "0.1.0", NOW);

        assertThat(decided.getClassification().getLabel())
                .isEqualTo(TaxonomyLoader.loadDefault()
                        .find("GRS-5.2-010")
                        .orElseThrow()
                        .title());
        assertThat(decided.getRetention().getScheduleItem()).contains("5.2");
        assertThat(decided.getReviewNotes()).noneMatch(n -> n.contains("to be recomputed"));
    }

    @Test
    void shouldRejectABlankCategory() {
        assertThatThrownBy(() -> new HumanDecision(" ", "jdoe", null)).hasMessageContaining("--category");
    }
}

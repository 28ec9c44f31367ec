package io.recordflow.app.review;

import static io.recordflow.app.fixtures.Enrichments.enriched;
import static io.recordflow.app.fixtures.Enrichments.needingReview;
import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.records.EnrichedRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewQueueTest {

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void shouldKeepRecordsOpenUntilALaterEnrichmentNoLongerNeedsReview() {
        EnrichedRecord r1 = needingReview("r1", "A", 0.3, T);
        EnrichedRecord r2 = needingReview("r2", "B", 0.4, T.plusSeconds(1));
        EnrichedRecord r2Decided = enriched("r2", "C", 1.0, T.plusSeconds(60), false, "human", "human");

        ReviewQueue queue = new ReviewQueue(List.of(r1, r2), List.of(r1, r2, r2Decided));

        assertThat(queue.open()).extracting(EnrichedRecord::getRecordId).containsExactly("r1");
        assertThat(queue.latest("r2")).contains(r2Decided);
    }

    @Test
    void shouldReopenWhenALaterModelEnrichmentNeedsReviewAgain() {
        EnrichedRecord confident = enriched("r1", "C", 0.95, T);
        EnrichedRecord again = needingReview("r1", "A", 0.2, T.plusSeconds(60));

        ReviewQueue queue = new ReviewQueue(List.of(again), List.of(confident, again));

        assertThat(queue.open()).containsExactly(again);
    }

    @Test
    void shouldKeepAHumanDecisionClosedWhenALaterModelEnrichmentNeedsReview() {
        EnrichedRecord decided = enriched("r1", "C", 1.0, T, false, "human", "human");
        EnrichedRecord again = needingReview("r1", "A", 0.2, T.plusSeconds(60));

        ReviewQueue queue = new ReviewQueue(List.of(again), List.of(decided, again));

        // The sinks keep the human decision too (EnrichmentVersion): the queue agrees with the records store.
        assertThat(queue.open()).isEmpty();
        assertThat(queue.latest("r1")).contains(decided);
    }

    @Test
    void shouldIgnoreOlderEnrichmentsArrivingLater() {
        EnrichedRecord review = needingReview("r1", "A", 0.2, T.plusSeconds(60));
        EnrichedRecord older = enriched("r1", "A", 0.9, T);

        assertThat(new ReviewQueue(List.of(review), List.of(older)).open()).containsExactly(review);
    }
}

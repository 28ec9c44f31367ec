package io.recordflow.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnrichmentVersionTest {

    private static final Instant EARLY = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant LATE = Instant.parse("2025-03-01T11:00:00Z");

    @Test
    void shouldRankAHumanDecisionAboveALaterModelEnrichment() {
        EnrichedRecord human = enrichment(HumanProvenance.PROVIDER, HumanProvenance.PROVIDER, null, EARLY);
        EnrichedRecord model = enrichment("ollama", "llama3.1:8b", "sha256:1", LATE);

        assertThat(EnrichmentVersion.LATEST_LAST.compare(human, model)).isPositive();
        assertThat(EnrichmentVersion.latest(model, human)).isSameAs(human);
        assertThat(EnrichmentVersion.latest(human, model)).isSameAs(human);
    }

    @Test
    void shouldRankTheLaterEnrichedAtAboveAGreaterModelVersionAmongEqualRanks() {
        EnrichedRecord early = enrichment("ollama", "zz-model", null, EARLY);
        EnrichedRecord late = enrichment("ollama", "aa-model", null, LATE);

        assertThat(EnrichmentVersion.LATEST_LAST.compare(late, early)).isPositive();
        assertThat(List.of(late, early).stream().max(EnrichmentVersion.LATEST_LAST))
                .containsSame(late);
    }

    @Test
    void shouldBreakAnEnrichedAtTieByModelVersionWithTheDigestInCodePointOrder() {
        EnrichedRecord upper = enrichment("ollama", "llama3.1:8B", null, EARLY);
        EnrichedRecord lower = enrichment("ollama", "llama3.1:8b", null, EARLY);
        EnrichedRecord digest = enrichment("ollama", "llama3.1:8b", "sha256:1", EARLY);

        // 'b' > 'B' in code-point order (and in PostgreSQL's COLLATE "C"), unlike most locale collations.
        assertThat(EnrichmentVersion.LATEST_LAST.compare(lower, upper)).isPositive();
        assertThat(EnrichmentVersion.of(digest).modelVersion()).isEqualTo("llama3.1:8b@sha256:1");
        assertThat(EnrichmentVersion.LATEST_LAST.compare(digest, lower)).isPositive();
    }

    @Test
    void shouldCompareModelVersionsByCodePointBeyondTheBasicPlane() {
        EnrichmentVersion supplementary = new EnrichmentVersion(false, EARLY, "m\uD83D\uDE00");
        EnrichmentVersion privateUse = new EnrichmentVersion(false, EARLY, "m\uE000");

        assertThat(supplementary).isGreaterThan(privateUse);
    }

    @Test
    void shouldLetAnEqualVersionReplaceTheStoredOneButKeepTheSeenOneAsLatest() {
        EnrichedRecord seen = enrichment("local", "all-minilm-l6-v2-q", null, EARLY);
        EnrichedRecord same = enrichment("local", "all-minilm-l6-v2-q", null, EARLY);

        assertThat(EnrichmentVersion.LATEST_LAST.compare(seen, same)).isZero();
        assertThat(EnrichmentVersion.of(same).replaces(EnrichmentVersion.of(seen)))
                .isTrue();
        assertThat(EnrichmentVersion.latest(seen, same)).isSameAs(seen);
        assertThat(EnrichmentVersion.of(enrichment("local", "all-minilm-l6-v2-q", null, EARLY.minusMillis(1)))
                        .replaces(EnrichmentVersion.of(seen)))
                .isFalse();
    }

    private static EnrichedRecord enrichment(String provider, String model, String digest, Instant enrichedAt) {
        Provenance provenance = new Provenance();
        provenance.setProvider(provider);
        provenance.setModel(model);
        provenance.setModelDigest(digest);
        EnrichedRecord enriched = new EnrichedRecord();
        enriched.setProvenance(provenance);
        enriched.setEnrichedAt(enrichedAt);
        return enriched;
    }
}

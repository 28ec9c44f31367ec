package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.blob.BlobRoots;
import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.ImageLoader;
import io.recordflow.enrich.analysis.LlmAnalyzer;
import io.recordflow.enrich.analysis.TextSource;
import io.recordflow.enrich.assemble.AuditTrail;
import io.recordflow.enrich.assemble.EnrichmentAssembler;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.enrich.testing.FakeLlmProvider;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Stage;
import io.recordflow.serde.SpecificAvroSerde;
import io.recordflow.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each route of {@link EnrichmentRouter}, checked on the forwards a {@link MockProcessorContext} captures. */
class EnrichmentRouterTest {
    private static final Taxonomy TAXONOMY = TaxonomyLoader.loadDefault();
    private static final long NOW = Instant.parse("2024-06-02T08:00:00Z").toEpochMilli();
    private static final long INPUT_TIMESTAMP = 1_717_200_000_000L;
    private static final String CONFIDENT =
            "Contract award for IT support services. The contractor shall provide help desk "
                    + "support for 12 months.";
    private static final String SENSITIVE =
            "Notes from the staff meeting. Employee SSN: 123-45-6789 was read aloud by mistake.";

    private final Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://router-" + UUID.randomUUID());
    private final SpecificAvroSerde<EnrichedRecord> enrichedSerde = Topics.ENRICHED.valueSerde(serdeConfig);
    private final EnrichConfig config =
            new EnrichConfig(Map.of(EnrichConfig.PIPELINE_VERSION, "router test"), Map.of());
    private final EnrichmentAssembler assembler = EnrichTopology.assembler(config, TAXONOMY);
    private final Analyzer analyzer = new LlmAnalyzer(new FakeLlmProvider(), TAXONOMY, 8192, 2, ImageLoader.disabled());
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private KeyValueStore<String, byte[]> latestEnrichments;

    /** A router with human precedence on: the global store of latest enrichments is in the context. */
    private EnrichmentRouter router() {
        latestEnrichments = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(EnrichTopology.HUMAN_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
        latestEnrichments.init(context.getStateStoreContext(), latestEnrichments);
        context.addStateStore(latestEnrichments);
        return initialized(new EnrichmentRouter(
                assembler,
                new AuditTrail("router test"),
                enrichedSerde.deserializer(),
                "v-test",
                analyzer.promptSha256(),
                limit(1_000_000)));
    }

    private OutputLimit limit(int maxBytes) {
        return new OutputLimit(maxBytes, Topics.ENRICHED.name(), enrichedSerde.serializer());
    }

    private EnrichmentRouter initialized(EnrichmentRouter router) {
        context.setCurrentSystemTimeMs(NOW);
        router.init(context);
        return router;
    }

    @AfterEach
    void close() {
        if (latestEnrichments != null) {
            latestEnrichments.close();
        }
        enrichedSerde.close();
    }

    private static PendingEntry entry(String recordId) {
        return new PendingEntry(
                0,
                recordId,
                ("bytes of " + recordId).getBytes(StandardCharsets.UTF_8),
                Topics.INGESTED.name(),
                2,
                41,
                INPUT_TIMESTAMP,
                NOW - 5_000,
                1,
                NOW,
                null);
    }

    private AnalysisResult analysed(AgencyRecord record) throws LlmException {
        TextSource.Text text = new TextSource(BlobRoots.none()).read(record);
        return AnalysisResult.success(
                analyzer.analyze(record, text),
                assembler.inspect(text.text()),
                analyzer.info(),
                Instant.ofEpochMilli(NOW - 900),
                Instant.ofEpochMilli(NOW - 100));
    }

    private List<Object> values(String sink) {
        return context.forwarded(sink).stream()
                .map(f -> (Object) f.record().value())
                .toList();
    }

    private EnrichedRecord onlyEnriched() {
        assertThat(context.forwarded(EnrichTopology.ENRICHED_SINK)).hasSize(1);
        return (EnrichedRecord) values(EnrichTopology.ENRICHED_SINK).get(0);
    }

    private List<String> auditSteps() {
        return values(EnrichTopology.AUDIT_SINK).stream()
                .map(v -> ((AuditEvent) v).getStep())
                .toList();
    }

    @Test
    void shouldSendConfidentEnrichmentToEnrichedSinkWithItsAuditEventsAndNotToReview() throws LlmException {
        AgencyRecord record = EnrichTopologyTest.record("r-contract", CONFIDENT);

        router().analysed(entry("r-contract"), record, analysed(record));

        EnrichedRecord enriched = onlyEnriched();
        assertThat(enriched.getClassification().getCode()).isEqualTo("GRS-1.1-010");
        assertThat(enriched.getNeedsReview()).isFalse();
        assertThat(enriched.getProvenance().getCacheHit()).isFalse();
        assertThat(enriched.getProvenance().getPromptVersion()).isEqualTo("v-test");
        assertThat(enriched.getProvenance().getRetries()).isEqualTo(1);
        assertThat(context.forwarded(EnrichTopology.REVIEW_SINK)).isEmpty();
        assertThat(context.forwarded(EnrichTopology.DLQ_SINK)).isEmpty();
        assertThat(auditSteps())
                .containsExactly(
                        "CLASSIFICATION", "SUMMARY", "SENSITIVITY", "PROMPT_INJECTION_CHECK", "REVIEW_DECISION");
        assertThat(context.forwarded()).allSatisfy(f -> {
            assertThat(f.record().key()).isEqualTo("r-contract");
            assertThat(f.record().timestamp()).isEqualTo(INPUT_TIMESTAMP);
        });
    }

    @Test
    void shouldSendEnrichmentThatNeedsReviewToReviewSinkAsWellAsEnrichedSink() throws LlmException {
        AgencyRecord record = EnrichTopologyTest.record("r-ssn", SENSITIVE);

        router().analysed(entry("r-ssn"), record, analysed(record));

        EnrichedRecord enriched = onlyEnriched();
        assertThat(enriched.getNeedsReview()).isTrue();
        assertThat(values(EnrichTopology.REVIEW_SINK)).containsExactly(enriched);
        assertThat(auditSteps()).endsWith("REVIEW_DECISION");
    }

    @Test
    void shouldRouteCacheHitLikeAFreshAnalysisMarkedAsCachedAndTimedNow() throws LlmException {
        AgencyRecord record = EnrichTopologyTest.record("r-again", CONFIDENT);
        AnalysisResult earlier = analysed(record);

        router().cacheHit(
                        entry("r-again"),
                        record,
                        new AnalysisCache.Entry(earlier.analysis(), earlier.findings(), earlier.provider()));

        EnrichedRecord enriched = onlyEnriched();
        assertThat(enriched.getProvenance().getCacheHit()).isTrue();
        assertThat(enriched.getProvenance().getLatencyMillis()).isZero();
        assertThat(enriched.getClassification().getCode()).isEqualTo("GRS-1.1-010");
        assertThat(values(EnrichTopology.AUDIT_SINK))
                .first()
                .satisfies(e -> assertThat(((AuditEvent) e).getDetail()).containsEntry("cacheHit", "true"));
    }

    @Test
    void shouldKeepStandingHumanDecisionInsteadOfTheModelAnswerAndAuditThatItWasKept() throws LlmException {
        AgencyRecord record = EnrichTopologyTest.record("r-ssn", SENSITIVE);
        EnrichmentRouter router = router();
        router.analysed(entry("r-ssn"), record, analysed(record));
        EnrichedRecord model = onlyEnriched();
        latestEnrichments.put(
                "r-ssn",
                enrichedSerde
                        .serializer()
                        .serialize(Topics.ENRICHED.name(), EnrichTopologyTest.humanDecision(model, "GRS-5.2-020")));
        context.resetForwards();

        router.analysed(entry("r-ssn"), record, analysed(record));

        EnrichedRecord kept = onlyEnriched();
        assertThat(kept.getClassification().getCode()).isEqualTo("GRS-5.2-020");
        assertThat(kept.getProvenance().getDecidedBy()).isEqualTo("alice");
        assertThat(kept.getNeedsReview()).isFalse();
        assertThat(context.forwarded(EnrichTopology.REVIEW_SINK)).isEmpty();
        assertThat(auditSteps()).startsWith("CLASSIFICATION").endsWith("REVIEW_DECISION", "HUMAN_DECISION_KEPT");
    }

    @Test
    void shouldRouteNormallyWhenTheLatestEnrichmentIsTheModels() throws LlmException {
        AgencyRecord record = EnrichTopologyTest.record("r-ssn", SENSITIVE);
        EnrichmentRouter router = router();
        router.analysed(entry("r-ssn"), record, analysed(record));
        latestEnrichments.put("r-ssn", enrichedSerde.serializer().serialize(Topics.ENRICHED.name(), onlyEnriched()));
        context.resetForwards();

        router.analysed(entry("r-ssn"), record, analysed(record));

        assertThat(onlyEnriched().getProvenance().getProvider()).isEqualTo("fake");
        assertThat(context.forwarded(EnrichTopology.REVIEW_SINK)).hasSize(1);
        assertThat(auditSteps()).doesNotContain("HUMAN_DECISION_KEPT");
    }

    @Test
    void shouldRouteModelOutputWithoutAnyStoreWhenHumanPrecedenceIsOff() throws LlmException {
        AgencyRecord record = EnrichTopologyTest.record("r-contract", CONFIDENT);
        EnrichmentRouter router = initialized(new EnrichmentRouter(
                assembler, new AuditTrail("router test"), null, "v-test", analyzer.promptSha256(), limit(1_000_000)));

        router.analysed(entry("r-contract"), record, analysed(record));

        assertThat(onlyEnriched().getProvenance().getProvider()).isEqualTo("fake");
    }

    @Test
    void shouldDeadLetterTheOriginalBytesWithTheirPositionAndAuditTheFailure() {
        PendingEntry entry = entry("r-bad");

        router().deadLetter(entry, "r-bad", "io.example.Boom", "model said no", 3, Map.of("failure", "PERMANENT"));

        List<CapturedForward<? extends String, ?>> dead = context.forwarded(EnrichTopology.DLQ_SINK);
        assertThat(dead).singleElement().satisfies(f -> {
            assertThat(f.record().key()).isEqualTo("r-bad");
            assertThat(f.record().timestamp()).isEqualTo(INPUT_TIMESTAMP);
            DeadLetter letter = (DeadLetter) f.record().value();
            assertThat(letter.getId()).isEqualTo("enrich:records.ingested.v1-2@41");
            assertThat(letter.getStage()).isEqualTo(Stage.ENRICH);
            assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(entry.value()));
            assertThat(letter.getAttempts()).isEqualTo(3);
            assertThat(letter.getFailedAt()).isEqualTo(Instant.ofEpochMilli(NOW));
            assertThat(letter.getContext()).containsEntry("failure", "PERMANENT");
        });
        assertThat(values(EnrichTopology.AUDIT_SINK)).singleElement().satisfies(e -> {
            AuditEvent event = (AuditEvent) e;
            assertThat(event.getStep()).isEqualTo("DEAD_LETTER");
            assertThat(event.getDetail())
                    .containsEntry("input", "records.ingested.v1-2@41")
                    .containsEntry("attempts", "3");
        });
        assertThat(context.forwarded(EnrichTopology.ENRICHED_SINK)).isEmpty();
    }

    @Test
    void shouldKeyDeadLetterOfUnreadableInputByItsInputKey() {
        router().deadLetter(
                        entry("raw-key"),
                        null,
                        "org.apache.kafka.common.errors.SerializationException",
                        "not Avro",
                        1,
                        Map.of("failure", "DESERIALIZATION"));

        assertThat(context.forwarded().stream()
                        .map(f -> (String) f.record().key())
                        .toList())
                .containsExactly("raw-key", "raw-key");
        assertThat(((DeadLetter) values(EnrichTopology.DLQ_SINK).get(0)).getRecordId())
                .isNull();
    }

    @Test
    void shouldDeadLetterAnEnrichmentLargerThanMaxOutputBytesInsteadOfSendingIt() throws LlmException {
        AgencyRecord record = EnrichTopologyTest.record("r-huge", CONFIDENT + " " + "Annex. ".repeat(600));
        EnrichmentRouter router = initialized(new EnrichmentRouter(
                assembler, new AuditTrail("router test"), null, "v-test", analyzer.promptSha256(), limit(2048)));

        router.analysed(entry("r-huge"), record, analysed(record));

        assertThat(context.forwarded(EnrichTopology.ENRICHED_SINK)).isEmpty();
        assertThat(context.forwarded(EnrichTopology.REVIEW_SINK)).isEmpty();
        DeadLetter dead = (DeadLetter) values(EnrichTopology.DLQ_SINK).get(0);
        assertThat(dead.getRecordId()).isEqualTo("r-huge");
        assertThat(dead.getErrorMessage())
                .contains("the enrichment of record r-huge is ")
                .contains("more than enrich.max.output.bytes (2048)")
                .contains(Topics.INGESTED.name() + "-2@41");
        assertThat(dead.getContext()).containsEntry("failure", "OUTPUT_TOO_LARGE");
        assertThat(auditSteps()).hasSize(1);
    }
}

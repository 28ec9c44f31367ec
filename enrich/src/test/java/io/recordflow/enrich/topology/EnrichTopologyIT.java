package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.enrich.analysis.ImageLoader;
import io.recordflow.enrich.analysis.LlmAnalyzer;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.llm.ollama.OllamaProvider;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.enrich.testing.RuleBasedModel;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Modality;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real topology on the in-process broker and schema registry against an in-process server speaking
 * Ollama's HTTP protocol: slow answers, 500, truncated JSON, an empty {@code {}} body, a missing model
 * (404) and a 60-second outage during which the application is also restarted.
 */
class EnrichTopologyIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Taxonomy TAXONOMY = TaxonomyLoader.loadDefault();
    private static final String MODEL = "llama3.1:8b";
    private static final String VISION = "llama3.2-vision";
    private static final int NUM_CTX = 4096;

    private FakeOllamaServer ollama;
    private KafkaStreams streams;
    private OutputCollector<EnrichedRecord> enriched;
    private OutputCollector<EnrichedRecord> review;
    private OutputCollector<DeadLetter> dlq;
    private OutputCollector<AuditEvent> audit;

    @BeforeEach
    void setUp() throws Exception {
        ollama = new FakeOllamaServer(
                MODEL,
                NUM_CTX,
                r -> RuleBasedModel.answer(FakeOllamaServer.isClassification(r), FakeOllamaServer.lastUserMessage(r)));
        ollama.serve(VISION);
        Topics.all().forEach(t -> KAFKA.kafka().createTopic(t.name(), 2));
        // Streams runs the topology directly here, without EnrichApp, which would create the shared cache topic.
        KAFKA.kafka().ensureTopic(Topics.ANALYSIS_CACHE.name(), 1, Map.of("cleanup.policy", "compact"));
        Map<String, Object> client = KAFKA.kafka().adminProperties();
        Map<String, Object> serde = REGISTRY.serdeConfig();
        enriched = new OutputCollector<>(
                client,
                Topics.ENRICHED.name(),
                Topics.ENRICHED.valueSerde(serde).deserializer());
        review = new OutputCollector<>(
                client, Topics.REVIEW.name(), Topics.REVIEW.valueSerde(serde).deserializer());
        dlq = new OutputCollector<>(
                client, Topics.DLQ.name(), Topics.DLQ.valueSerde(serde).deserializer());
        audit = new OutputCollector<>(
                client, Topics.AUDIT.name(), Topics.AUDIT.valueSerde(serde).deserializer());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (streams != null) {
            streams.close(Duration.ofSeconds(20));
        }
        for (AutoCloseable c : new AutoCloseable[] {enriched, review, dlq, audit, ollama}) {
            c.close();
        }
    }

    private KafkaStreams startStreams(Path blobs) throws Exception {
        EnrichConfig config = new EnrichConfig(
                Map.ofEntries(
                        Map.entry(EnrichConfig.PROVIDER, "ollama"),
                        Map.entry(EnrichConfig.MODEL, MODEL),
                        Map.entry(EnrichConfig.VISION_MODEL, VISION),
                        Map.entry(EnrichConfig.BASE_URL, ollama.baseUrl()),
                        Map.entry(EnrichConfig.NUM_CTX, NUM_CTX),
                        Map.entry(EnrichConfig.TIMEOUT_MS, 2_000L),
                        Map.entry(EnrichConfig.RETRY_INITIAL_MS, 250L),
                        Map.entry(EnrichConfig.RETRY_MAX_MS, 4_000L),
                        Map.entry(EnrichConfig.PERMANENT_ATTEMPTS, 1),
                        Map.entry(EnrichConfig.PUNCTUATE_MS, 100L),
                        Map.entry(EnrichConfig.BLOB_ROOTS, blobs.toString())),
                Map.of());
        var analyzer = new LlmAnalyzer(
                new OllamaProvider(config),
                TAXONOMY,
                config.numCtx(),
                config.repairAttempts(),
                new ImageLoader(true, config.blobRoots(), config.imageMaxPixels()));
        Properties props =
                EnrichTopology.streamsProperties("enrich-it", KAFKA.kafka().bootstrapServers());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("enrich-it-state").toString());
        // A blocking model call during the outage would exceed this and get the member evicted.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 20_000);
        KafkaStreams started =
                new KafkaStreams(EnrichTopology.build(config, TAXONOMY, analyzer, REGISTRY.serdeConfig()), props);
        started.start();
        return started;
    }

    private static AgencyRecord record(String id, String text) {
        return AgencyRecord.newBuilder()
                .setRecordId(id)
                .setSourceUri("file:///inbox/" + id)
                .setIngestedAt(Instant.parse("2024-06-01T00:00:00Z"))
                .setDateCreated(Instant.parse("2024-02-01T00:00:00Z"))
                .setModality(Modality.DOCUMENT)
                .setMediaType("text/plain")
                .setSizeBytes(text.length())
                .setSha256(PromptHash.sha256(text))
                .setContentUri("file:///blobs/" + id)
                .setText(text)
                .build();
    }

    private void produce(List<AgencyRecord> records) {
        Map<String, Object> props = KAFKA.kafka().adminProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(
                props,
                new StringSerializer(),
                Topics.INGESTED.valueSerde(REGISTRY.serdeConfig()).serializer())) {
            records.forEach(r -> producer.send(new ProducerRecord<>(Topics.INGESTED.name(), r.getRecordId(), r)));
            producer.flush();
        }
    }

    private Set<String> enrichedIds() {
        return enriched.values().stream().map(EnrichedRecord::getRecordId).collect(Collectors.toSet());
    }

    @Test
    void shouldEnrichThroughModelFaultsOutageAndRestartWithoutLosingRecords(
            @org.junit.jupiter.api.io.TempDir Path blobs) throws Exception {
        Path png = blobs.resolve("scan.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0});
        AgencyRecord scan = AgencyRecord.newBuilder(record("r-scan", "Scanned memo about the holiday office closure."))
                .setModality(Modality.IMAGE)
                .setMediaType("image/png")
                .setContentUri(png.toUri().toString())
                .build();
        ollama.enqueue(
                new FakeOllamaServer.Slow(Duration.ofSeconds(3)),
                new FakeOllamaServer.Status(500, "{\"error\":\"runner crashed\"}"),
                new FakeOllamaServer.Truncated(),
                new FakeOllamaServer.EmptyObject(),
                new FakeOllamaServer.Status(404, "{\"error\":\"model 'llama3.1:8b' not found\"}"));
        streams = startStreams(blobs);

        List<AgencyRecord> first = List.of(
                record("r-contract", "Contract award for help desk services."),
                record("r-incident", "Incident report: phishing e-mail compromised credentials."),
                record("r-foia", "FOIA request for records about the new building."),
                record("r-budget", "Budget request for fiscal year 2026."),
                record("r-hr", "Personnel action: promotion to GS-13."),
                record("r-letter", "Thank you for attending our public meeting."),
                scan);
        produce(first);

        // Transient faults are retried; the one 404 (model not found) is permanent and dead-lettered.
        await().atMost(Duration.ofSeconds(90))
                .until(() -> enrichedIds().size() + dlq.values().size() >= first.size());
        assertThat(dlq.values()).hasSize(1);
        DeadLetter dead = dlq.values().get(0);
        assertThat(dead.getErrorMessage()).contains("not found");
        assertThat(dead.getContext()).containsEntry("failure", "PERMANENT");
        assertThat(dead.getOriginalValue()).isNotNull();
        assertThat(enrichedIds()).hasSize(first.size() - 1).doesNotContain(dead.getRecordId());
        assertThat(ollama.violations()).isEmpty();
        EnrichedRecord any = enriched.values().get(0);
        assertThat(any.getProvenance().getModelDigest()).isEqualTo("sha256:" + FakeOllamaServer.DIGEST);
        assertThat(any.getProvenance().getProvider()).isEqualTo("ollama");
        assertThat(any.getProvenance().getParameters()).containsEntry("num_ctx", String.valueOf(NUM_CTX));
        assertThat(enriched.values().stream()
                        .mapToInt(e -> e.getProvenance().getRetries())
                        .sum())
                .isGreaterThanOrEqualTo(4);
        if (!"r-scan".equals(dead.getRecordId())) {
            assertThat(ollama.requests())
                    .anyMatch(r -> VISION.equals(r.path("model").asText())
                            && r.path("messages").toString().contains("\"images\""));
        }
        assertThat(audit.values())
                .extracting(AuditEvent::getStep)
                .contains("CLASSIFICATION", "REVIEW_DECISION", "DEAD_LETTER");

        // The model server goes away for a minute; the application is restarted meanwhile.
        ollama.goDown();
        List<AgencyRecord> second = List.of(
                record("r-outage-1", "Contract modification extending the period of performance."),
                record("r-outage-2", "Budget execution report for the second quarter."),
                record("r-outage-3", "FOIA appeal of a partial denial."));
        produce(second);
        Instant down = Instant.now();
        await().pollDelay(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(20))
                .until(() -> ollama.chatCalls() > 0 && streams.state() == KafkaStreams.State.RUNNING);
        streams.close(Duration.ofSeconds(20));
        streams = startStreams(blobs);
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        await().pollDelay(Duration.ofSeconds(60).minus(Duration.between(down, Instant.now())))
                .atMost(Duration.ofSeconds(70))
                .until(() -> true);
        assertThat(dlq.values()).hasSize(1);
        assertThat(enrichedIds()).doesNotContain("r-outage-1", "r-outage-2", "r-outage-3");
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);

        ollama.recover();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> enrichedIds().containsAll(Set.of("r-outage-1", "r-outage-2", "r-outage-3")));
        assertThat(dlq.values()).hasSize(1);
        assertThat(enriched.values().stream()
                        .filter(e -> e.getRecordId().startsWith("r-outage"))
                        .map(EnrichedRecord::getRecordId)
                        .toList())
                .hasSize(3);
        assertThat(ollama.violations()).isEmpty();
    }
}

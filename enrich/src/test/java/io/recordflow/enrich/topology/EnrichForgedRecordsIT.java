package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.analysis.ImageLoader;
import io.recordflow.enrich.analysis.LlmAnalyzer;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.enrich.testing.FakeLlmProvider;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's topic-level hostile inputs (docs/hostile-inputs.md) produced straight to {@code records.ingested.v1} of
 * the in-process broker, as a third-party producer could: forged full-text URIs ({@code file:///etc/passwd}, a
 * {@code ../} climb out of the blob root, a symlink inside the root pointing out) and a record whose Confluent header
 * names a schema id the embedded registry never issued. Each is dead-lettered with its reason and position; the good
 * records around them are enriched and the model never sees the files.
 */
class EnrichForgedRecordsIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Taxonomy TAXONOMY = TaxonomyLoader.loadDefault();
    private static final String SECRET = "svc-backup:$6$SECRET-HASH";

    @TempDir
    Path temp;

    private OutputCollector<EnrichedRecord> enriched;
    private OutputCollector<DeadLetter> dlq;
    private EnrichApp app;

    @BeforeAll
    static void createTopics() {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 1));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close(Duration.ofSeconds(20), true);
        }
        enriched.close();
        dlq.close();
    }

    @Test
    void shouldDeadLetterForgedUrisAndAnUnissuedSchemaIdWithReasonsAndEnrichTheGoodRecordsAroundThem()
            throws Exception {
        Path root = Files.createDirectories(temp.resolve("blobs"));
        Path outside = Files.writeString(temp.resolve("outside.txt"), SECRET);
        Path link = Files.createSymbolicLink(root.resolve("link.txt"), outside);
        FakeLlmProvider model = new FakeLlmProvider();
        app = start(root, model);

        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put("r-good-1", avro(EnrichTopologyTest.record("r-good-1", "FOIA request for copies of contracts.")));
        values.put("r-passwd", avro(forged("r-passwd", "file:///etc/passwd")));
        values.put("r-climb", avro(forged("r-climb", root.toUri() + "../outside.txt")));
        values.put("r-link", avro(forged("r-link", link.toUri().toString())));
        values.put(
                "r-schema",
                ByteBuffer.allocate(8)
                        .put((byte) 0)
                        .putInt(424_242)
                        .put(new byte[] {2, 4, 6})
                        .array());
        values.put("r-good-2", avro(EnrichTopologyTest.record("r-good-2", "FOIA request for copies of invoices.")));
        produce(values);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(enriched.values())
                    .extracting(EnrichedRecord::getRecordId)
                    .containsExactlyInAnyOrder("r-good-1", "r-good-2");
            assertThat(dlq.values()).hasSize(4);
        });
        Map<Long, String> reasons = new LinkedHashMap<>();
        dlq.values().forEach(d -> reasons.put(d.getSourceOffset(), d.getErrorMessage()));
        assertThat(reasons.get(1L)).contains("fullTextUri file:///etc/passwd", "outside the blob store");
        assertThat(reasons.get(2L)).contains("r-climb", "outside the blob store");
        assertThat(reasons.get(3L)).contains("r-link", "outside the blob store");
        assertThat(reasons.get(4L)).contains("cannot read AgencyRecord from records.ingested.v1-0@4", "424242");
        assertThat(dlq.values()).allSatisfy(d -> assertThat(d.getSourceTopic()).isEqualTo(Topics.INGESTED.name()));
        assertThat(model.requests())
                .allSatisfy(r -> assertThat(FakeLlmProvider.documentOf(r)).doesNotContain("SECRET-HASH", "root:"));
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private static AgencyRecord forged(String id, String fullTextUri) {
        return AgencyRecord.newBuilder(EnrichTopologyTest.record(id, "Quarterly report, page one."))
                .setTextTruncated(true)
                .setFullTextUri(fullTextUri)
                .build();
    }

    private static byte[] avro(AgencyRecord record) {
        return Topics.INGESTED
                .valueSerde(REGISTRY.serdeConfig())
                .serializer()
                .serialize(Topics.INGESTED.name(), record);
    }

    private static void produce(Map<String, byte[]> values) {
        try (var producer =
                new KafkaProducer<>(KAFKA.adminProperties(), new StringSerializer(), new ByteArraySerializer())) {
            values.forEach((key, value) -> producer.send(new ProducerRecord<>(Topics.INGESTED.name(), key, value)));
            producer.flush();
        }
    }

    private EnrichApp start(Path root, FakeLlmProvider model) throws Exception {
        Map<String, Object> client = KAFKA.adminProperties();
        Map<String, Object> serde = REGISTRY.serdeConfig();
        enriched = new OutputCollector<>(
                client,
                Topics.ENRICHED.name(),
                Topics.ENRICHED.valueSerde(serde).deserializer());
        dlq = new OutputCollector<>(
                client, Topics.DLQ.name(), Topics.DLQ.valueSerde(serde).deserializer());
        EnrichConfig config = new EnrichConfig(
                Map.of(EnrichConfig.PUNCTUATE_MS, 50L, EnrichConfig.BLOB_ROOTS, root.toString()), Map.of());
        EnrichApp started = EnrichApp.builder(config, "enrich-forged-it", KAFKA.bootstrapServers())
                .streamsConfig(
                        StreamsConfig.STATE_DIR_CONFIG, temp.resolve("state").toString())
                .serdeConfig(serde)
                .analyzer(new LlmAnalyzer(model, TAXONOMY, 8192, 2, ImageLoader.disabled()))
                .build()
                .start();
        await().atMost(Duration.ofSeconds(60)).until(() -> started.state() == KafkaStreams.State.RUNNING);
        return started;
    }
}

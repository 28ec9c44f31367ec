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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record of about 1 MB between good ones on the in-process broker: the broker takes it (its topic allows 2 MB), the
 * enrich stage dead-letters it with a reason instead of failing to write its pending entry to the changelog, the good
 * ones are enriched, and a restart of the application changes nothing.
 */
class EnrichPoisonRecordIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Taxonomy TAXONOMY = TaxonomyLoader.loadDefault();
    private static final String APPLICATION_ID = "enrich-poison-it";

    @TempDir
    Path stateDir;

    private OutputCollector<EnrichedRecord> enriched;
    private OutputCollector<DeadLetter> dlq;
    private EnrichApp app;

    @BeforeAll
    static void createTopics() {
        KAFKA.createTopic(Topics.INGESTED.name(), 1, Map.of("max.message.bytes", "2000000"));
        Topics.all().stream()
                .filter(t -> !t.name().equals(Topics.INGESTED.name()))
                .forEach(t -> KAFKA.createTopic(t.name(), 1));
    }

    @BeforeEach
    void collect() {
        Map<String, Object> client = KAFKA.adminProperties();
        Map<String, Object> serde = REGISTRY.serdeConfig();
        enriched = new OutputCollector<>(
                client,
                Topics.ENRICHED.name(),
                Topics.ENRICHED.valueSerde(serde).deserializer());
        dlq = new OutputCollector<>(
                client, Topics.DLQ.name(), Topics.DLQ.valueSerde(serde).deserializer());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close(Duration.ofSeconds(20), true);
        }
        enriched.close();
        dlq.close();
    }

    private EnrichApp startApp() throws Exception {
        var analyzer = new LlmAnalyzer(new FakeLlmProvider(), TAXONOMY, 8192, 2, ImageLoader.disabled());
        EnrichApp started = EnrichApp.builder(
                        new EnrichConfig(Map.of(EnrichConfig.PUNCTUATE_MS, 50L), Map.of()),
                        APPLICATION_ID,
                        KAFKA.bootstrapServers())
                .streamsConfig(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                .serdeConfig(REGISTRY.serdeConfig())
                .analyzer(analyzer)
                .build()
                .start();
        await().atMost(Duration.ofSeconds(60)).until(() -> started.state() == KafkaStreams.State.RUNNING);
        return started;
    }

    private void produce(AgencyRecord... records) {
        Map<String, Object> props = KAFKA.adminProperties();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
        try (var producer = new KafkaProducer<>(
                props,
                new StringSerializer(),
                Topics.INGESTED.valueSerde(REGISTRY.serdeConfig()).serializer())) {
            for (AgencyRecord record : records) {
                producer.send(new ProducerRecord<>(Topics.INGESTED.name(), record.getRecordId(), record));
            }
            producer.flush();
        }
    }

    private List<String> enrichedIds() {
        return enriched.values().stream().map(EnrichedRecord::getRecordId).toList();
    }

    @Test
    void shouldDeadLetterAOneMegabyteRecordEnrichTheGoodOnesAroundItAndChangeNothingOnRestart() throws Exception {
        app = startApp();
        produce(
                EnrichTopologyTest.record("r-good-1", "FOIA request for copies of contracts."),
                EnrichTopologyTest.record("r-big", "x".repeat(1_000_000)),
                EnrichTopologyTest.record("r-good-2", "FOIA request for copies of invoices."));

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(enrichedIds()).containsExactlyInAnyOrder("r-good-1", "r-good-2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> dlq.values().size() == 1);
        DeadLetter letter = dlq.values().get(0);
        assertThat(letter.getRecordId()).isEqualTo("r-big");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.INGESTED.name());
        assertThat(letter.getSourcePartition()).isZero();
        assertThat(letter.getSourceOffset()).isEqualTo(1L);
        assertThat(letter.getErrorMessage()).contains(EnrichConfig.MAX_RECORD_BYTES, "bytes");
        assertThat(letter.getContext()).containsEntry("failure", "RECORD_TOO_LARGE");
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(app.failure()).isNotDone();

        // Leaving the group, as the enrich service's shutdown does: kept, the membership held the restarted instance's
        // first assignment back for the session timeout (42 s of this test's 51 s). EnrichAppIT covers close without
        // leaving.
        assertThat(app.close(Duration.ofSeconds(20), true)).isTrue();
        app = startApp();
        produce(EnrichTopologyTest.record("r-good-3", "FOIA request for copies of leases."));

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(enrichedIds()).contains("r-good-3"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(enrichedIds()).containsExactlyInAnyOrder("r-good-1", "r-good-2", "r-good-3");
            assertThat(dlq.values()).hasSize(1);
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.failure()).isNotDone();
        });
    }
}

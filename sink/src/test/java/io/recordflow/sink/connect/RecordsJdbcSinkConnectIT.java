package io.recordflow.sink.connect;

import static io.recordflow.sink.fixtures.EnrichedRecords.BASE_TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.records.EnrichedRecord;
import io.recordflow.sink.fixtures.ConnectCluster;
import io.recordflow.sink.fixtures.EnrichedRecords;
import io.recordflow.sink.fixtures.PostgresSchema;
import io.recordflow.sink.jdbc.JdbcSinkConfig;
import io.recordflow.sink.jdbc.RecordsJdbcSinkConnector;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC sink in a real Connect worker, on the in-process broker, writing to the real PostgreSQL. */
class RecordsJdbcSinkConnectIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    @TempDir
    static Path work;

    private static ConnectCluster cluster;
    private PostgresSchema schema;

    @BeforeAll
    static void startWorker() {
        cluster = new ConnectCluster(KAFKA, work, REGISTRY.url());
    }

    @AfterAll
    static void stopWorker() {
        cluster.close();
    }

    @BeforeEach
    void createSchema() {
        schema = new PostgresSchema("jdbc_connect");
    }

    @AfterEach
    void dropSchema() throws Exception {
        schema.close();
    }

    private Map<String, String> connector(String topic, String... overrides) {
        Map<String, String> config = new HashMap<>(ConnectCluster.deadLetterQueue(topic));
        config.put("connector.class", RecordsJdbcSinkConnector.class.getName());
        config.put("topics", topic);
        config.put("tasks.max", "2");
        config.put(JdbcSinkConfig.RETRY_BACKOFF_MS, "200");
        config.put(JdbcSinkConfig.RETRY_BACKOFF_MAX_MS, "1000");
        return schema.sinkConfig(config, overrides);
    }

    private static List<EnrichedRecord> records(int from, int count) {
        List<EnrichedRecord> records = new ArrayList<>(count);
        for (int n = from; n < from + count; n++) {
            records.add(EnrichedRecords.enriched(n));
        }
        return records;
    }

    @Test
    void shouldLand5000RecordsExactlyOnceAndStayAt5000WhenReplayedFromOffsetZero() throws Exception {
        String topic = "enriched.exactly-once";
        KAFKA.createTopic(topic, 3);
        List<EnrichedRecord> records = records(0, 5_000);
        EnrichedRecord bad = EnrichedRecords.enriched(99_999);
        bad.getClassification().setConfidence(1.5);
        records.add(2_500, bad);
        cluster.produce(topic, records);

        cluster.startConnector("jdbc-once", connector(topic));
        cluster.awaitCaughtUp("jdbc-once", topic);
        assertThat(schema.count("records")).isEqualTo(5_000);
        assertThat(schema.queryLong("SELECT count(DISTINCT record_id) FROM \"" + schema.name() + "\".records"))
                .isEqualTo(5_000);

        List<ConsumerRecord<byte[], byte[]>> dead = cluster.readAll(topic + ".dlq", 1);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("rec-99999");
        String reason = ConnectCluster.errorMessage(dead.get(0));
        assertThat(reason).contains("records_classification_confidence_check").contains("23514");
        cluster.connect().deleteConnector("jdbc-once");

        // A new connector (a new consumer group) reads the topic again from offset 0.
        cluster.startConnector("jdbc-replay", connector(topic));
        cluster.awaitCaughtUp("jdbc-replay", topic);
        assertThat(schema.count("records")).isEqualTo(5_000);
        cluster.connect().deleteConnector("jdbc-replay");
    }

    private static EnrichedRecord human(int n, java.time.Instant decidedAt, String code) {
        EnrichedRecord.Builder builder = EnrichedRecords.enriched(n, decidedAt, "human");
        builder.setClassification(io.recordflow.records.Classification.newBuilder()
                .setCode(code)
                .setLabel("Decided " + code)
                .setConfidence(1.0)
                .setRationale("Human decision by alice")
                .build());
        builder.setProvenance(io.recordflow.records.Provenance.newBuilder(builder.getProvenance())
                .setProvider("human")
                .setModel("human")
                .setDecidedBy("alice")
                .build());
        return builder.setSummary("human " + code).build();
    }

    private static EnrichedRecord model(int n, java.time.Instant enrichedAt, String summary) {
        return EnrichedRecords.enriched(n, enrichedAt, "llama3.2:3b")
                .setSummary(summary)
                .build();
    }

    @Test
    void shouldNeverLetModelEnrichmentOverwriteHumanDecisionEvenWhenNewer() throws Exception {
        String topic = "enriched.human";
        KAFKA.createTopic(topic, 1);
        cluster.startConnector("jdbc-human", connector(topic));
        cluster.produce(
                topic,
                List.of(
                        human(1, BASE_TIME.plusSeconds(60), "GRS-1.1-010"),
                        model(2, BASE_TIME.plusSeconds(3_600), "model newer"),
                        human(3, BASE_TIME.plusSeconds(120), "GRS-2.2-040")));
        cluster.awaitCaughtUp("jdbc-human", topic);
        cluster.produce(
                topic,
                List.of(
                        // A replay's model answer, newer than the decision: must not replace it.
                        model(1, BASE_TIME.plusSeconds(7_200), "replayed model"),
                        // A late human decision older than the model row still wins over the model.
                        human(2, BASE_TIME.plusSeconds(60), "GRS-3.2-020"),
                        // Between human decisions the newer one stays, as between model enrichments.
                        human(3, BASE_TIME.plusSeconds(90), "GRS-5.2-020"),
                        // Both in one batch: the writer's in-batch choice follows the same rule.
                        human(4, BASE_TIME.plusSeconds(60), "GRS-1.1-010"),
                        model(4, BASE_TIME.plusSeconds(3_600), "model after human in one batch")));
        cluster.awaitCaughtUp("jdbc-human", topic);

        assertThat(schema.queryStrings("SELECT record_id || '=' || classification_code || '/' || summary || '/' || "
                        + "(attributes #>> '{provenance,provider}') FROM \"" + schema.name()
                        + "\".records ORDER BY record_id"))
                .containsExactly(
                        "rec-1=GRS-1.1-010/human GRS-1.1-010/human",
                        "rec-2=GRS-3.2-020/human GRS-3.2-020/human",
                        "rec-3=GRS-2.2-040/human GRS-2.2-040/human",
                        "rec-4=GRS-1.1-010/human GRS-1.1-010/human");
        cluster.connect().deleteConnector("jdbc-human");
    }

    @Test
    void shouldKeepTheNewerEnrichmentWhenAnOlderOneArrivesLate() throws Exception {
        String topic = "enriched.late";
        KAFKA.createTopic(topic, 1);
        cluster.startConnector("jdbc-late", connector(topic));
        cluster.produce(
                topic,
                List.of(
                        EnrichedRecords.enriched(1, BASE_TIME.plusSeconds(3_600), "llama3.1:8b")
                                .setSummary("newer")
                                .build(),
                        EnrichedRecords.enriched(1, BASE_TIME.plusSeconds(60), "llama3.1:8b")
                                .setSummary("older")
                                .build(),
                        EnrichedRecords.enriched(2, BASE_TIME.plusSeconds(60), "llama3.1:8b")
                                .setSummary("first")
                                .build(),
                        EnrichedRecords.enriched(2, BASE_TIME.plusSeconds(120), "llama3.1:8b")
                                .setSummary("second")
                                .build()));
        cluster.awaitCaughtUp("jdbc-late", topic);

        assertThat(schema.queryStrings(
                        "SELECT record_id || '=' || summary FROM \"" + schema.name() + "\".records ORDER BY record_id"))
                .containsExactly("rec-1=newer", "rec-2=second");
        cluster.connect().deleteConnector("jdbc-late");
    }

    @Test
    void shouldLoseNothingWhenPostgresTerminatesTheSinkConnectionsMidRun() throws Exception {
        String topic = "enriched.terminated";
        KAFKA.createTopic(topic, 2);
        cluster.startConnector(
                "jdbc-terminated",
                connector(topic, JdbcSinkConfig.BATCH_SIZE, "100", "consumer.override.max.poll.records", "200"));
        String terminate = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = "
                + "'recordflow-jdbc-sink " + schema.name() + ".records'";
        long terminated = 0;
        // Each chunk is produced, then the sink's sessions are killed while the tasks are busy writing it.
        for (int chunk = 0; chunk < 8; chunk++) {
            cluster.produce(topic, records(chunk * 500, 500));
            terminated += schema.queryLong(terminate);
            int expected = (chunk + 1) * 500;
            await().atMost(Duration.ofSeconds(60)).until(() -> schema.count("records") >= expected);
        }
        cluster.awaitCaughtUp("jdbc-terminated", topic);

        assertThat(terminated).isPositive();
        assertThat(schema.count("records")).isEqualTo(4_000);
        assertThat(cluster.connect().isRunning("jdbc-terminated")).isTrue();
        cluster.connect().deleteConnector("jdbc-terminated");
    }
}

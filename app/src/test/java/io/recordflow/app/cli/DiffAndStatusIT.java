package io.recordflow.app.cli;

import static io.recordflow.app.fixtures.Enrichments.enriched;
import static io.recordflow.app.fixtures.Enrichments.needingReview;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordflow.app.fixtures.Cli;
import io.recordflow.app.fixtures.Seeder;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.Stage;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DiffAndStatusIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");
    private static final String LEFT = "records.enriched.llama31";
    private static final String RIGHT = "records.enriched.llama32";

    @BeforeAll
    static void seed() {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
        KAFKA.createTopic(LEFT, 2);
        KAFKA.createTopic(RIGHT, 3);
        Topic<String, io.recordflow.records.EnrichedRecord> left =
                new Topic<>(LEFT, Serdes::String, io.recordflow.records.EnrichedRecord.class);
        Topic<String, io.recordflow.records.EnrichedRecord> right =
                new Topic<>(RIGHT, Serdes::String, io.recordflow.records.EnrichedRecord.class);
        try (Seeder seeder = new Seeder(KAFKA.bootstrapServers(), REGISTRY.serdeConfig())) {
            seeder.send(left, "r1", enriched("r1", "A", 0.90, T, false, "ollama", "llama3.1:8b"));
            seeder.send(left, "r2", enriched("r2", "A", 0.60, T, false, "ollama", "llama3.1:8b"));
            seeder.send(left, "r3", enriched("r3", "B", 0.80, T, false, "ollama", "llama3.1:8b"));
            seeder.send(left, "r4", enriched("r4", "B", 0.50, T, false, "ollama", "llama3.1:8b"));
            seeder.send(right, "r1", enriched("r1", "A", 0.92, T, false, "ollama", "llama3.2:3b"));
            seeder.send(right, "r2", enriched("r2", "B", 0.70, T, false, "ollama", "llama3.2:3b"));
            seeder.send(right, "r3", enriched("r3", "B", 0.40, T, false, "ollama", "llama3.2:3b"));
            seeder.send(right, "r3", enriched("r3", "B", 0.75, T.plusSeconds(1), false, "ollama", "llama3.2:3b"));
            seeder.send(right, "r5", enriched("r5", "C", 0.99, T, false, "ollama", "llama3.2:3b"));

            seeder.send(Topics.ENRICHED, "r1", enriched("r1", "A", 0.9, T, false, "ollama", "llama3.1:8b"));
            seeder.send(
                    Topics.ENRICHED, "r2", enriched("r2", "A", 0.8, T.plusSeconds(30), false, "ollama", "llama3.1:8b"));
            seeder.send(Topics.ENRICHED, "r9", enriched("r9", "A", 1.0, T.plusSeconds(60), false, "human", "human"));
            seeder.send(Topics.REVIEW, "r7", needingReview("r7", "B", 0.2, T));
            seeder.send(Topics.ENRICHED, "r7", needingReview("r7", "B", 0.2, T));
            seeder.send(
                    Topics.DLQ,
                    "r8",
                    DeadLetter.newBuilder()
                            .setId("dl-1")
                            .setStage(Stage.ENRICH)
                            .setErrorClass("E")
                            .setErrorMessage("m")
                            .setFailedAt(T)
                            .build());
            for (int i = 0; i < 5; i++) {
                seeder.sendBytes(Topics.INGESTED.name(), "k" + i, new byte[] {1});
            }
        }
    }

    private static Cli run(String... args) {
        return Cli.onCluster(KAFKA.bootstrapServers(), REGISTRY.url(), args);
    }

    @Test
    void shouldPrintChangedRecordsSummaryAndConfusionTable() {
        Cli result = run("diff", "--left", LEFT, "--right", RIGHT);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsPattern("r2\\s+A\\s+B\\s+0\\.600\\s+0\\.700\\s+\\+0\\.100\\s+category")
                .doesNotContainPattern("(?m)^r1\\s")
                .contains("3 record(s) compared, 1 only in " + LEFT + ", 1 only in " + RIGHT)
                .contains("agreement 66.7% (2/3)", "mean |Δconfidence| 0.057", "2 changed")
                .containsPattern("LEFT \\\\ RIGHT\\s+A\\s+B\\R")
                .containsPattern("(?m)^A\\s+1\\s+1$")
                .containsPattern("(?m)^B\\s+0\\s+1$");
    }

    @Test
    void shouldRenderAllRecordsAsJson() throws IOException {
        Cli result = run("diff", "--left", LEFT, "--right", RIGHT, "--all", "--format", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.at("/summary/compared").asLong()).isEqualTo(3);
        assertThat(json.at("/summary/agreementPercent").asDouble()).isCloseTo(66.67, within(0.01));
        assertThat(json.at("/records")).hasSize(3);
        assertThat(json.at("/confusion/A/B").asLong()).isEqualTo(1);
        assertThat(json.at("/onlyRight/0").asText()).isEqualTo("r5");
    }

    @Test
    void shouldShowTopicsLagPerStageCountsAndModelInUse() throws IOException {
        commitOffsets("recordflow-enrich", Topics.INGESTED.name(), 2);
        Path config = Files.createTempFile(
                Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "client", ".properties");
        Files.writeString(config, "enrich.metrics.url=http://127.0.0.1:1/metrics\n");

        Cli result = run("status", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsPattern("records\\.ingested\\.v1\\s+2\\s+5\\s+5")
                .containsPattern("records\\.enriched\\.v1\\s+2\\s+4")
                .containsPattern("_schemas\\s+1\\s+\\d+")
                .containsPattern("recordflow-enrich\\s+enrich\\s+records\\.ingested\\.v1\\s+2\\s+3")
                .contains("Awaiting review:     1 record(s)")
                .contains("Dead letters:        1 on records.dlq.v1")
                .contains("Model in use:        ollama llama3.1:8b, prompt classify-v1")
                .contains("In-flight LLM calls: n/a (enrich metrics at http://127.0.0.1:1/metrics not reachable")
                .contains("LLM call limit:      n/a (enrich metrics at http://127.0.0.1:1/metrics not reachable");
    }

    @Test
    void shouldNotCountTheCommitMarkerAfterTheLastTransactionalRecordAsLag() {
        String topic = "records.transactional.v1";
        KAFKA.createTopic(topic, 1);
        Map<String, Object> props = KAFKA.adminProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "status-it");
        long lastOffset;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, new byte[] {1}));
            lastOffset = producer.send(new ProducerRecord<>(topic, new byte[] {2}))
                    .get()
                    .offset();
            producer.commitTransaction();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
        commitOffset("connect-caught-up", new TopicPartition(topic, 0), lastOffset + 1);
        commitOffset("connect-one-behind", new TopicPartition(topic, 0), lastOffset);

        Cli result = run("status");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsPattern("connect-caught-up\\s+sink caught-up\\s+records\\.transactional\\.v1\\s+1\\s+0\\n")
                .containsPattern("connect-one-behind\\s+sink one-behind\\s+records\\.transactional\\.v1\\s+1\\s+2\\n");
    }

    private static void commitOffset(String group, TopicPartition partition, long offset) {
        Map<String, Object> props = KAFKA.adminProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        }
    }

    /** Commits offsets so that {@code consumed} records of {@code topic} count as processed by {@code group}. */
    private static void commitOffsets(String group, String topic, long consumed) {
        Map<String, Object> props = KAFKA.adminProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long remaining = consumed;
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long take = Math.min(remaining, end.get(tp));
                commit.put(tp, new OffsetAndMetadata(take));
                remaining -= take;
            }
            consumer.commitSync(commit);
        }
    }
}

package io.recordflow.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void shouldShowReadCommittedConsumerOnlyTheCommittedTransactions() {
        kafka.createTopic("tx-records", 3);
        try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "tx-writer")) {
            producer.initTransactions();
            sendInTransaction(producer, "tx-records", "committed-", 100);
            producer.flush();
            producer.beginTransaction();
            send(producer, "tx-records", "aborted-", 40);
            producer.flush();
            producer.abortTransaction();
            // A transaction after the aborted one moves the last stable offset past it.
            sendInTransaction(producer, "tx-records", "late-", 10);
        }

        List<String> values = consumeAtLeast(kafka, "tx-records", "read-committed-group", 110);

        assertThat(values)
                .hasSize(110)
                .allMatch(value -> value.startsWith("committed-") || value.startsWith("late-"))
                .noneMatch(value -> value.startsWith("aborted-"));
    }

    @Test
    void shouldCreateCompactedTopicWithGivenConfig() throws Exception {
        kafka.createTopic("compacted", 1, Map.of("cleanup.policy", "compact"));

        try (Admin admin = Admin.create(kafka.adminProperties())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "compacted");
            Config config = admin.describeConfigs(Set.of(topic)).all().get().get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldRefuseToCreateAnExistingTopicButEnsureItIdempotently() {
        kafka.createTopic("twice", 2);

        assertThatThrownBy(() -> kafka.createTopic("twice", 2))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("twice")
                .hasCauseInstanceOf(TopicExistsException.class);
        assertThat(kafka.ensureTopic("twice", 2, Map.of())).isFalse();
        assertThat(kafka.ensureTopic("once", 2, Map.of())).isTrue();
    }

    @Test
    void shouldDeleteItsDirectoriesOnClose() {
        Path dataDir;
        try (EmbeddedKafka own = EmbeddedKafka.start()) {
            dataDir = own.dataDir();
            assertThat(dataDir).isDirectory();
            assertThat(own.bootstrapServers()).startsWith("127.0.0.1:");
        }

        assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldResumeTopicsRecordsAndOffsetsFromPersistentDataDir(@TempDir Path dataDir) {
        String clusterId;
        String bootstrapServers;
        try (EmbeddedKafka first = EmbeddedKafka.builder().dataDir(dataDir).start()) {
            clusterId = first.clusterId();
            bootstrapServers = first.bootstrapServers();
            first.createTopic("durable", 2);
            try (KafkaProducer<String, String> producer = transactionalProducer(first, "durable-writer")) {
                producer.initTransactions();
                sendInTransaction(producer, "durable", "first-run-", 20);
            }
            assertThat(consumeAtLeast(first, "durable", "resuming-group", 20)).hasSize(20);
        }
        assertThat(dataDir)
                .isDirectoryContaining(path -> path.getFileName().toString().equals("kraft-combined-logs"));

        try (EmbeddedKafka second = EmbeddedKafka.builder().dataDir(dataDir).start()) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(second.bootstrapServers()).isEqualTo(bootstrapServers);
            assertThat(second.ensureTopic("durable", 2, Map.of())).isFalse();
            assertThat(consumeAtLeast(second, "durable", "fresh-group", 20))
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20)
                            .mapToObj(i -> "first-run-" + i)
                            .toList());
            try (KafkaProducer<String, String> producer = transactionalProducer(second, "durable-writer")) {
                producer.initTransactions();
                sendInTransaction(producer, "durable", "second-run-", 5);
            }
            // The group committed its offsets in the first run, so it now sees only the new records.
            assertThat(consumeAtLeast(second, "durable", "resuming-group", 5))
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 5)
                            .mapToObj(i -> "second-run-" + i)
                            .toList());
        }
    }

    @Test
    void shouldRestartPersistentNodeOnOtherPortsWhenItsPortsAreTaken(@TempDir Path dataDir) throws Exception {
        int previousPort;
        try (EmbeddedKafka first = EmbeddedKafka.builder().dataDir(dataDir).start()) {
            first.createTopic("moved", 1);
            previousPort = port(first);
        }

        try (ServerSocket squatter = new ServerSocket(previousPort, 1, InetAddress.getByName("127.0.0.1"));
                EmbeddedKafka second = EmbeddedKafka.builder().dataDir(dataDir).start()) {
            assertThat(port(second)).isNotEqualTo(squatter.getLocalPort());
            assertThat(second.ensureTopic("moved", 1, Map.of())).isFalse();
        }
    }

    private static int port(EmbeddedKafka kafka) {
        String bootstrapServers = kafka.bootstrapServers();
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    @Test
    void shouldFailWithClearExceptionAndCleanUpWhenNodeCannotStartInTime() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        List<Path> before = embeddedKafkaDirs(tmp);

        assertThatThrownBy(() -> EmbeddedKafka.builder()
                        .startupTimeout(Duration.ofMillis(1))
                        .start())
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("did not start within PT0.001S");
        assertThat(embeddedKafkaDirs(tmp)).isSubsetOf(before);
    }

    private static List<Path> embeddedKafkaDirs(Path tmp) throws Exception {
        try (var entries = Files.list(tmp)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("embedded-kafka-"))
                    .toList();
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafka kafka, String transactionalId) {
        Map<String, Object> config = kafka.adminProperties();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void sendInTransaction(
            KafkaProducer<String, String> producer, String topic, String prefix, int count) {
        producer.beginTransaction();
        send(producer, topic, prefix, count);
        producer.commitTransaction();
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, "key-" + i, prefix + i));
        }
    }

    /** Reads with a read_committed group until {@code expected} values arrived, then commits and checks nothing more is readable. */
    private static List<String> consumeAtLeast(EmbeddedKafka kafka, String topic, String groupId, int expected) {
        Map<String, Object> config = kafka.adminProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200))
                        .forEach((ConsumerRecord<String, String> r) -> values.add(r.value()));
                return values.size() >= expected;
            });
            // Anything beyond the expected records (e.g. aborted ones leaking through) would show up here.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            consumer.commitSync();
        }
        return values;
    }
}

package io.recordflow.embedded.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.recordflow.embedded.jvm.JvmExitGuard;
import io.recordflow.embedded.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedConnectIT {

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
    void shouldDeliverTopicRecordsToAServiceLoadedSinkConnector(@TempDir Path dir) throws Exception {
        kafka.createTopic("connect-it", 1);
        try (EmbeddedConnect connect = EmbeddedConnect.start(
                kafka.bootstrapServers(),
                dir.resolve("offsets"),
                Map.of("value.converter", "org.apache.kafka.connect.storage.StringConverter"))) {
            connect.putConnector(
                    "collect",
                    Map.of(
                            "connector.class", CollectingSinkConnector.class.getName(),
                            "topics", "connect-it",
                            "tasks.max", "1"));
            await().atMost(Duration.ofSeconds(60)).until(() -> connect.isRunning("collect"));

            produce("connect-it", "first", "second", "third");

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() ->
                            assertThat(CollectingSinkConnector.VALUES).containsExactly("first", "second", "third"));
            assertThat(connect.restUrl().getHost()).isEqualTo("127.0.0.1");
            assertThat(JvmExitGuard.refusedShutdownHooks())
                    .as("the owner, not a JVM shutdown hook, stops the worker")
                    .contains("connect-shutdown-hook");
        }
    }

    @Test
    void shouldRejectAConnectorClassThatIsNotInstalled(@TempDir Path dir) {
        try (EmbeddedConnect connect =
                EmbeddedConnect.start(kafka.bootstrapServers(), dir.resolve("offsets"), Map.of())) {
            assertThatThrownBy(() -> connect.putConnector(
                            "missing", Map.of("connector.class", "com.example.NoSuchConnector", "topics", "x")))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("put connector missing")
                    .hasMessageContaining("com.example.NoSuchConnector");
        }
    }

    private static void produce(String topic, String... values) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v, v)).get();
            }
        }
    }
}

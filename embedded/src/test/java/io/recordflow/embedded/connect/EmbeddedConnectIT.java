package io.recordflow.embedded.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.recordflow.embedded.jvm.JvmExitGuard;
import io.recordflow.embedded.kafka.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    void shouldRefuseConnectorChangesAndConfigsOverRestWhileInProcessCallsWork(@TempDir Path dir) throws Exception {
        try (EmbeddedConnect connect =
                EmbeddedConnect.start(kafka.bootstrapServers(), dir.resolve("offsets"), Map.of())) {
            Map<String, String> collect = Map.of(
                    "connector.class", CollectingSinkConnector.class.getName(), "topics", "rest-it", "tasks.max", "1");
            connect.putConnector("inside", collect);
            String body = "{\"name\":\"outside\",\"config\":{\"connector.class\":\""
                    + CollectingSinkConnector.class.getName() + "\",\"topics\":\"rest-it\"}}";

            assertThat(http("POST", connect.restUrl().resolve("/connectors"), body)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(http("PUT", connect.restUrl().resolve("/connectors/outside/config"), body)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(http("DELETE", connect.restUrl().resolve("/connectors/inside"), "")
                            .statusCode())
                    .isEqualTo(403);
            assertThat(http("PUT", connect.restUrl().resolve("/admin/loggers/root"), "{\"level\":\"TRACE\"}")
                            .statusCode())
                    .isEqualTo(403);
            HttpResponse<String> config = http("GET", connect.restUrl().resolve("/connectors/inside/config"), "");
            assertThat(config.statusCode()).isEqualTo(403);
            assertThat(config.body()).contains("read-only");
            assertThat(http("GET", connect.restUrl().resolve("/connectors?expand=info"), "")
                            .statusCode())
                    .isEqualTo(403);

            assertThat(connect.status("outside")).isNull();
            await().atMost(Duration.ofSeconds(60)).until(() -> connect.isRunning("inside"));
            assertThat(http("GET", connect.restUrl().resolve("/connectors/inside/status"), "")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http("GET", connect.restUrl().resolve("/connectors"), "").body())
                    .isEqualTo("[\"inside\"]");
            connect.deleteConnector("inside");
            assertThat(connect.status("inside")).isNull();
        }
    }

    private static HttpResponse<String> http(String method, URI url, String json) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .method(method, HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
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

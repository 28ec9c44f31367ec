package io.recordflow.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.status.ClusterStatus.TopicInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryStatusTest {

    private static final TopicInfo INGESTED = new TopicInfo("records.ingested.v1", 3, 0, 10);
    private static final TopicInfo NO_SCHEMAS_TOPIC = new TopicInfo(RegistryStatus.SCHEMAS_TOPIC, 0, 0, 0);
    private static final TopicInfo SCHEMAS_TOPIC = new TopicInfo(RegistryStatus.SCHEMAS_TOPIC, 1, 0, 4);

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldNotReportSchemasMissingWhenAThirdPartyRegistryAnswers() throws IOException {
        String url = thirdPartyRegistry("[\"records.ingested.v1-value\",\"records.audit.v1-value\"]");

        RegistryStatus status = RegistryStatus.probe(new ClientConfig(Map.of("schema.registry.url", url)));
        List<TopicInfo> topics = List.of(INGESTED, NO_SCHEMAS_TOPIC);

        assertThat(status.answers()).isTrue();
        assertThat(status.shownTopics(topics)).containsExactly(INGESTED);
        assertThat(status.describe(topics))
                .isEqualTo(url + " answers, 2 subject(s)")
                .doesNotContain("missing");
    }

    @Test
    void shouldNameTheStorageTopicWhenTheEmbeddedRegistryUsesIt() throws IOException {
        String url = thirdPartyRegistry("[\"records.ingested.v1-value\"]");

        RegistryStatus status = RegistryStatus.probe(new ClientConfig(Map.of("schema.registry.url", url)));
        List<TopicInfo> topics = List.of(INGESTED, SCHEMAS_TOPIC);

        assertThat(status.shownTopics(topics)).containsExactly(INGESTED, SCHEMAS_TOPIC);
        assertThat(status.describe(topics)).isEqualTo(url + " answers, 1 subject(s), stored in topic _schemas");
    }

    @Test
    void shouldReportTheMissingSchemasTopicOnlyWhenTheRegistryDoesNotAnswer() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        RegistryStatus status = RegistryStatus.probe(new ClientConfig(Map.of("schema.registry.url", url)));
        List<TopicInfo> topics = List.of(INGESTED, NO_SCHEMAS_TOPIC);

        assertThat(status.answers()).isFalse();
        assertThat(status.shownTopics(topics)).containsExactly(INGESTED, NO_SCHEMAS_TOPIC);
        assertThat(status.describe(topics))
                .startsWith("not usable: ")
                .contains(url, "connection refused")
                .contains("topic _schemas, where the embedded registry stores schemas, is missing too");
    }

    /** A registry answering GET /subjects, as Karapace or Apicurio's ccompat API do, with no Kafka topic of ours. */
    private String thirdPartyRegistry(String subjects) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/subjects", exchange -> {
            byte[] body = subjects.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}

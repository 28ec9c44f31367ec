package io.recordflow.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(String method, String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeMetricsAndHealthAndRefuseOtherPathsAndMethods() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (MetricsServer server = MetricsServer.start(
                0, () -> "up 1\n", () -> new MetricsServer.Health(healthy.get(), "{\"state\":\"X\"}"))) {
            String base = "http://localhost:" + server.port();

            HttpResponse<String> metrics = send("GET", base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).isEqualTo("up 1\n");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue(PrometheusText.CONTENT_TYPE);
            assertThat(send("GET", base + "/health").statusCode()).isEqualTo(200);
            healthy.set(false);
            HttpResponse<String> unhealthy = send("GET", base + "/health");
            assertThat(unhealthy.statusCode()).isEqualTo(503);
            assertThat(unhealthy.body()).isEqualTo("{\"state\":\"X\"}");
            assertThat(send("GET", base + "/metrics/extra").statusCode()).isEqualTo(404);
            assertThat(send("GET", base + "/").statusCode()).isEqualTo(404);
            assertThat(send("POST", base + "/metrics").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void shouldAnswer500WhenCollectingTheMetricsFails() throws Exception {
        try (MetricsServer server = MetricsServer.start(
                0,
                () -> {
                    throw new IllegalStateException("streams closed");
                },
                () -> new MetricsServer.Health(true, "{}"))) {
            HttpResponse<String> response = send("GET", "http://localhost:" + server.port() + "/metrics");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("streams closed");
        }
    }
}

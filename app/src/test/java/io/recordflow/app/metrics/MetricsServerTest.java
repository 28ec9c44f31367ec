package io.recordflow.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.registry.BasicAuthCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(String method, String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldBindTheLoopbackInterfaceByDefault() {
        try (MetricsServer server = MetricsServer.start(
                MetricsServer.Endpoint.loopback(0), () -> "", () -> new MetricsServer.Health(true, "{}"))) {
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
        }
    }

    @Test
    void shouldAnswer401WithAChallengeUnlessTheRequestCarriesTheConfiguredCredentials() throws Exception {
        BasicAuthCredentials scraper = BasicAuthCredentials.parse("scraper:s3cret:with-colon");
        try (MetricsServer server = MetricsServer.start(
                new MetricsServer.Endpoint(MetricsServer.LOOPBACK, 0, Optional.of(scraper)),
                () -> "up 1\n",
                () -> new MetricsServer.Health(true, "{}"))) {
            for (String path : List.of("/metrics", "/health", "/")) {
                HttpResponse<String> anonymous = send("GET", server.url() + path);
                assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
                assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                        .as(path)
                        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm=\"recordflow-metrics\""));
            }
            String wrong = new BasicAuthCredentials("scraper", "s3cret").authorizationHeader();
            assertThat(send("GET", server.url() + "/metrics", "Authorization", wrong)
                            .statusCode())
                    .isEqualTo(401);

            HttpResponse<String> metrics =
                    send("GET", server.url() + "/metrics", "Authorization", scraper.authorizationHeader());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).isEqualTo("up 1\n");
            assertThat(send("GET", server.url() + "/health", "Authorization", scraper.authorizationHeader())
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldNameTheAddressWhenItCannotListen() {
        assertThatThrownBy(() -> MetricsServer.start(
                        new MetricsServer.Endpoint("no-such-host.invalid", 0, Optional.empty()),
                        () -> "",
                        () -> new MetricsServer.Health(true, "{}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-host.invalid port 0");
    }

    @Test
    void shouldServeMetricsAndHealthAndRefuseOtherPathsAndMethods() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (MetricsServer server = MetricsServer.start(
                MetricsServer.Endpoint.loopback(0),
                () -> "up 1\n",
                () -> new MetricsServer.Health(healthy.get(), "{\"state\":\"X\"}"))) {
            String base = server.url();

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
                MetricsServer.Endpoint.loopback(0),
                () -> {
                    throw new IllegalStateException("streams closed");
                },
                () -> new MetricsServer.Health(true, "{}"))) {
            HttpResponse<String> response = send("GET", server.url() + "/metrics");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("streams closed");
        }
    }
}

package io.recordflow.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EnrichMetricsProbeTest {

    @Test
    void shouldSumInFlightSamplesAcrossLabels() {
        String exposition = """
                # HELP recordflow_llm_in_flight_calls Model calls in flight
                # TYPE recordflow_llm_in_flight_calls gauge
                recordflow_llm_in_flight_calls{task="0_0"} 3
                recordflow_llm_in_flight_calls{task="0_1"} 2.0 1715000000000
                recordflow_records_enriched_total 120
                """;

        assertThat(EnrichMetricsProbe.inFlight(exposition)).hasValue(5.0);
    }

    @Test
    void shouldReadOnlyTheRecordFlowGaugeWhenKafkaProducerInFlightRequestsAreExposedToo() {
        String exposition = """
                # TYPE kafka_streams_producer_requests_in_flight gauge
                kafka_streams_producer_requests_in_flight{client="enrich-1-producer"} 7
                # TYPE recordflow_llm_in_flight_calls gauge
                recordflow_llm_in_flight_calls 2
                """;

        assertThat(EnrichMetricsProbe.inFlight(exposition)).hasValue(2.0);
    }

    @Test
    void shouldReadTheLimitOfConcurrentModelCallsBesideTheCallsInFlight() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = """
                # TYPE recordflow_llm_in_flight_calls gauge
                recordflow_llm_in_flight_calls 30
                # TYPE recordflow_llm_concurrency_limit gauge
                recordflow_llm_concurrency_limit 34
                """.getBytes(StandardCharsets.UTF_8);
        server.createContext("/metrics", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            EnrichMetricsProbe.Result result = EnrichMetricsProbe.probe(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");

            assertThat(result.describe()).isEqualTo("30");
            assertThat(result.describeLimit()).isEqualTo("34 (model calls the enrich instance admits at once)");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldHaveNoValueWithoutAnInFlightMetric() {
        assertThat(EnrichMetricsProbe.inFlight("jvm_threads 12\n")).isEmpty();
    }

    @Test
    void shouldExplainWhyInFlightCallsAreUnavailableWhenTheServiceIsDown() {
        EnrichMetricsProbe.Result result = EnrichMetricsProbe.probe("http://127.0.0.1:1/metrics");

        assertThat(result.describe())
                .startsWith("n/a (enrich metrics at http://127.0.0.1:1/metrics not reachable: ")
                .contains("cannot connect");
        assertThat(result.describeLimit())
                .startsWith("n/a (enrich metrics at http://127.0.0.1:1/metrics not reachable");
    }

    @Test
    void shouldSendTheUrlsCredentialsAsBasicAuthAndNeverPrintThem() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        try {
            String url =
                    "http://scraper:s3cret@127.0.0.1:" + server.getAddress().getPort() + "/metrics";

            EnrichMetricsProbe.Result result = EnrichMetricsProbe.probe(url);

            assertThat(authorizations)
                    .containsExactly("Basic "
                            + Base64.getEncoder().encodeToString("scraper:s3cret".getBytes(StandardCharsets.UTF_8)));
            assertThat(result.describe())
                    .contains("http://****@127.0.0.1:", "answered HTTP 401")
                    .doesNotContain("s3cret");
        } finally {
            server.stop(0);
        }
    }
}

package io.recordflow.app.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.metrics.MetricsServer;
import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.local.LocalEmbeddings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichEndpointsTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldAnswerUnhealthyWhileStreamsHasNotStartedAndStillServeItsMetrics() throws Exception {
        // Never started, so nothing connects to the broker or the registry; the model is the offline one.
        EnrichApp app = EnrichApp.builder(new EnrichConfig(Map.of(), Map.of()), "endpoints-test", "127.0.0.1:1")
                .streamsConfig(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                .serdeConfig(Map.of("schema.registry.url", "http://127.0.0.1:1"))
                .build();
        try {
            app.modelMetrics().callStarted();

            MetricsServer.Health health = EnrichEndpoints.health(app);

            assertThat(health.healthy()).isFalse();
            assertThat(health.json())
                    .contains("\"state\":\"CREATED\"")
                    .contains("\"inFlightModelCalls\":1")
                    .contains("\"applicationId\":\"endpoints-test\"");
            assertThat(EnrichEndpoints.metrics(app))
                    .contains("recordflow_llm_in_flight_calls 1\n")
                    .contains("recordflow_llm_info{model=\"" + LocalEmbeddings.MODEL + "\",provider=\"local\"} 1")
                    .containsPattern("(?m)^kafka_streams_stream_\\w+\\{.*\\} \\S+$");
        } finally {
            app.close(Duration.ofSeconds(5), true);
        }
    }
}

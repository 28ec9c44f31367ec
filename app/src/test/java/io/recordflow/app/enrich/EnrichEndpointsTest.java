package io.recordflow.app.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.metrics.MetricsServer;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.enrich.metrics.EnrichMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichEndpointsTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldAnswerUnhealthyWhileStreamsHasNotStartedAndStillServeItsMetrics() {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "records.ingested.v1");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "endpoints-test");
        // Never started, so nothing connects here.
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        EnrichMetrics metrics = new EnrichMetrics();
        metrics.callStarted();
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            MetricsServer.Health health = EnrichEndpoints.health(streams, metrics, "endpoints-test");

            assertThat(health.healthy()).isFalse();
            assertThat(health.json()).contains("\"state\":\"CREATED\"").contains("\"inFlightModelCalls\":1");
            assertThat(EnrichEndpoints.metrics(streams, metrics, new ProviderInfo("ollama", "llama3.1:8b", "", Map.of())))
                    .contains("recordflow_llm_in_flight_calls 1\n")
                    .containsPattern("(?m)^kafka_streams_stream_\\w+\\{.*\\} \\S+$");
            streams.close(Duration.ofSeconds(5));
        }
    }
}

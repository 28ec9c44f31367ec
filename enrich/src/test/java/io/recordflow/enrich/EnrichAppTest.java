package io.recordflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.enrich.config.EnrichConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichAppTest {

    @TempDir
    Path stateDir;

    private EnrichApp.Builder builder(StubAnalyzer model) {
        // Never started here, so nothing connects to the broker or the registry.
        return EnrichApp.builder(new EnrichConfig(Map.of(), Map.of()), "enrich-app-test", "127.0.0.1:1")
                .streamsConfig(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                .serdeConfig(Map.of("schema.registry.url", "http://127.0.0.1:1"))
                .analyzer(model);
    }

    @Test
    void shouldCloseItsAnalyzerOnceWhenClosedEvenIfNeverStarted() throws Exception {
        StubAnalyzer model = new StubAnalyzer();
        EnrichApp app = builder(model).build();

        assertThat(app.state()).isEqualTo(KafkaStreams.State.CREATED);
        assertThat(app.close(Duration.ofSeconds(5), true)).isTrue();
        app.close();

        assertThat(model.closes).hasValue(1);
        assertThat(app.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    }

    @Test
    void shouldRunExactlyOnceWithTheGivenSettingsOverTheDefaults() {
        var props = builder(new StubAnalyzer())
                .streamsConfig(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3)
                .streamsProperties();

        assertThat(props)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-app-test")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3);
    }

    @Test
    void shouldMeterTheModelAndNameIt() throws Exception {
        try (EnrichApp app = builder(new StubAnalyzer()).build()) {
            assertThat(app.model().provider()).isEqualTo("stub");
            assertThat(app.modelMetrics().snapshot().inFlight()).isZero();
            assertThat(app.applicationId()).isEqualTo("enrich-app-test");
        }
    }
}

package io.recordflow.app.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.app.config.ConfigSources;
import io.recordflow.app.config.EnrichServiceConfig;
import io.recordflow.app.metrics.MetricsServer;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.registry.BasicAuthCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichServiceSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"enrich\" password=\"kafka-secret\";";

    @TempDir
    Path dir;

    private EnrichServiceConfig load(Path file, Map<String, String> env) {
        return new EnrichServiceConfig(
                ConfigSources.load(file, env, Map.of()), EnrichServiceConfig.read(file, env), env);
    }

    @Test
    void shouldPassKafkaSecuritySettingsToStreamsAndRegistryCredentialsToTheSerdes() throws Exception {
        Path file = dir.resolve("enrich.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "bootstrap.servers=kafka-1:9093",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "sasl.jaas.config=" + JAAS,
                        "ssl.truststore.location=/etc/recordflow/truststore.p12",
                        "ssl.truststore.password=trust-secret",
                        "schema.registry.url=https://registry:8081",
                        "schema.registry.basic.auth.user.info=ops:registry-secret",
                        "num.stream.threads=3",
                        "replication.factor=3",
                        ""));

        EnrichServiceConfig config = load(
                file,
                Map.of(
                        "RECORDFLOW_APPLICATION_ID",
                        "enrich-prod",
                        "RECORDFLOW_STATE_DIR",
                        "/var/lib/recordflow/state"));
        Properties streams = EnrichService.appBuilder(config).streamsProperties();

        assertThat(streams)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-prod")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka-1:9093")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/recordflow/truststore.p12")
                .containsEntry("ssl.truststore.password", "trust-secret")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/recordflow/state");
        // Streams itself accepts the result.
        assertThat(new StreamsConfig(streams).getString("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(config.client().serdeConfig())
                .containsEntry("basic.auth.credentials.source", "USER_INFO")
                .containsEntry("basic.auth.user.info", "ops:registry-secret");
    }

    @Test
    void shouldReadEnrichSettingsFromTheEnvironmentOverTheFileAndHonourOllamaHost() throws Exception {
        Path file = dir.resolve("enrich.properties");
        Files.writeString(
                file, "enrich.provider=openai-compatible\nenrich.base.url=http://vllm:8000/v1\nmetrics.port=9100\n");

        EnrichServiceConfig config = load(
                file,
                Map.of(
                        "RECORDFLOW_ENRICH_PROVIDER",
                        "ollama",
                        "RECORDFLOW_ENRICH_BASE_URL",
                        "",
                        "RECORDFLOW_ENRICH_MODEL",
                        "llama3.2:3b",
                        "OLLAMA_HOST",
                        "ollama:11434"));

        EnrichConfig enrich = config.enrich();
        assertThat(enrich.provider()).isEqualTo("ollama");
        assertThat(enrich.model()).isEqualTo("llama3.2:3b");
        assertThat(enrich.baseUrl()).isEqualTo("http://ollama:11434");
        assertThat(config.metricsPort()).isEqualTo(9100);
    }

    @Test
    void shouldServeMetricsOnLoopbackWithoutAuthUnlessConfigured() {
        MetricsServer.Endpoint byDefault = load(null, Map.of()).metricsEndpoint();
        assertThat(byDefault.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(byDefault.credentials()).isEmpty();

        MetricsServer.Endpoint configured = load(
                        null,
                        Map.of(
                                "RECORDFLOW_METRICS_BIND",
                                "0.0.0.0",
                                "RECORDFLOW_METRICS_BASIC_AUTH_USER_INFO",
                                "prometheus:pa:ss"))
                .metricsEndpoint();
        assertThat(configured.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(configured.credentials()).hasValue(new BasicAuthCredentials("prometheus", "pa:ss"));
    }

    @Test
    void shouldMaskEveryPasswordInTheSettingsItLogs() throws Exception {
        Path file = dir.resolve("enrich.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=PLAIN",
                        "sasl.jaas.config=" + JAAS,
                        "ssl.keystore.password=key-secret",
                        "schema.registry.url=https://ops:url-secret@registry:8081",
                        "schema.registry.basic.auth.user.info=ops:registry-secret",
                        "enrich.provider=openai-compatible",
                        "enrich.base.url=https://user:base-secret@vllm:8000/v1",
                        "enrich.api.key=api-secret",
                        "metrics.basic.auth.user.info=prometheus:metrics-secret",
                        ""));

        Map<String, String> masked = load(file, Map.of()).masked();

        assertThat(masked.toString())
                .doesNotContain(
                        "kafka-secret",
                        "key-secret",
                        "url-secret",
                        "registry-secret",
                        "base-secret",
                        "api-secret",
                        "metrics-secret");
        assertThat(masked)
                .containsEntry("enrich.api.key", "[hidden]")
                .containsEntry("sasl.jaas.config", "[hidden]")
                .containsEntry("metrics.basic.auth.user.info", "[hidden]")
                .containsEntry("enrich.provider", "openai-compatible")
                .containsEntry("num.stream.threads", "1");
    }

    @Test
    void shouldRefuseAnInvalidServiceSettingByName() {
        assertThatThrownBy(() -> load(null, Map.of("RECORDFLOW_METRICS_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.port");
        assertThatThrownBy(() -> load(null, Map.of("RECORDFLOW_METRICS_BIND", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.bind");
        assertThatThrownBy(() -> load(null, Map.of("RECORDFLOW_METRICS_BASIC_AUTH_USER_INFO", "no-colon-secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.basic.auth.user.info")
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("no-colon-secret");
        assertThatThrownBy(() -> load(null, Map.of("RECORDFLOW_ENRICH_PROVIDER", "gpt")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("enrich.provider");
    }
}

package io.recordflow.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

    private Path dir;

    @BeforeEach
    void createDirectory() throws IOException {
        // The build points java.io.tmpdir at target/tmp, which nothing creates beforehand (so no @TempDir).
        dir = Files.createTempDirectory(
                Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "config");
    }

    private Path file(String content) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, content);
        return file;
    }

    private static Map<String, String> options(String bootstrap, String registry) {
        Map<String, String> options = new HashMap<>();
        options.put(ClientConfig.BOOTSTRAP_SERVERS, bootstrap);
        options.put(ClientConfig.SCHEMA_REGISTRY_URL, registry);
        return options;
    }

    @Test
    void shouldUseDefaultsWhenNothingIsConfigured() {
        ClientConfig config = ConfigSources.load(null, Map.of(), options(null, null));

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.serdeConfig()).containsEntry("schema.registry.url", List.of("http://localhost:8081"));
        assertThat(config.applicationId()).isEqualTo("recordflow-enrich");
    }

    @Test
    void shouldHandTheRegistryRetrySettingsToTheSerdes() throws IOException {
        Path file = file("schema.registry.retry.max.ms=120000\nschema.registry.retry.backoff.ms=250\n");

        ClientConfig config = ConfigSources.load(file, Map.of(), options(null, null));

        assertThat(config.serdeConfig())
                .containsEntry("schema.registry.retry.max.ms", 120_000L)
                .containsEntry("schema.registry.retry.backoff.ms", 250L)
                .containsEntry("schema.registry.retry.backoff.max.ms", 5_000L);
    }

    @Test
    void shouldLetFileOverrideDefaultsEnvironmentOverrideFileAndOptionsOverrideEnvironment() throws IOException {
        Path file = file("bootstrap.servers=file:9092\nschema.registry.url=http://file:8081\napplication.id=from-file\n"
                + "client.timeout.ms=5000\n");
        Map<String, String> env = Map.of(
                "RECORDFLOW_BOOTSTRAP_SERVERS", "env:9092",
                "RECORDFLOW_SCHEMA_REGISTRY_URL", "http://env:8081",
                "RECORDFLOW_CLIENT_TIMEOUT_MS", "7000");

        ClientConfig config = ConfigSources.load(file, env, options("cli:9092", null));

        assertThat(config.bootstrapServers()).isEqualTo("cli:9092");
        assertThat(config.serdeConfig().get("schema.registry.url")).isEqualTo(List.of("http://env:8081"));
        assertThat(config.clientTimeoutMs()).isEqualTo(7000);
        assertThat(config.applicationId()).isEqualTo("from-file");
    }

    @Test
    void shouldMapEnvironmentVariablesToDottedKeysAndIgnoreOtherComponentsVariables() {
        Map<String, String> env = Map.of(
                "RECORDFLOW_SECURITY_PROTOCOL", "SASL_SSL",
                "RECORDFLOW_SASL_MECHANISM", "SCRAM-SHA-512",
                "RECORDFLOW_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required "
                                + "username=\"ops\" password=\"s3cret\";",
                "RECORDFLOW_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                "RECORDFLOW_LLM_MODEL", "llama3.1:8b",
                "HOME", "/root");

        Map<String, Object> kafka = ConfigSources.load(null, env, Map.of()).kafkaProperties();

        assertThat(kafka)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsKey("sasl.jaas.config")
                .doesNotContainKey("llm.model");
    }

    @Test
    void shouldPassThroughSecuritySettingsThisKafkaVersionDoesNotDefine() throws IOException {
        Path file = file("sasl.oauthbearer.future.client.secret=abc\nssl.future.option=x\nllm.provider=ollama\n");

        ClientConfig config = ConfigSources.load(file, Map.of(), Map.of());

        assertThat(config.kafkaProperties())
                .containsEntry("ssl.future.option", "x")
                .containsEntry("sasl.oauthbearer.future.client.secret", "abc")
                .doesNotContainKey("llm.provider");
        assertThat(config.masked())
                .containsEntry("sasl.oauthbearer.future.client.secret", "[hidden]")
                .containsEntry("ssl.future.option", "x");
    }

    @Test
    void shouldMaskPasswordsAndUrlCredentialsWhenPrinted() {
        Map<String, String> settings = new HashMap<>();
        settings.put("schema.registry.url", "https://ops:urlsecret@registry:8081");
        settings.put("enrich.metrics.url", "http://scraper:metricsecret@enrich:8080/metrics");
        settings.put("schema.registry.basic.auth.user.info", "ops:regsecret");
        settings.put("schema.registry.ssl.truststore.location", "/etc/recordflow/registry-trust.p12");
        settings.put("schema.registry.ssl.truststore.password", "trustsecret");
        settings.put("ssl.keystore.password", "kssecret");
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", "PLAIN");
        settings.put("sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"jaassecret\";");

        ClientConfig config = ConfigSources.load(null, Map.of(), settings);
        String printed = config.masked().toString() + config;

        assertThat(printed)
                .doesNotContain("urlsecret", "metricsecret", "regsecret", "kssecret", "jaassecret", "trustsecret");
        assertThat(config.masked().get("enrich.metrics.url")).isEqualTo("http://****@enrich:8080/metrics");
        assertThat(config.masked())
                .containsEntry("ssl.keystore.password", "[hidden]")
                .containsEntry("sasl.jaas.config", "[hidden]")
                .containsEntry("schema.registry.basic.auth.user.info", "[hidden]");
        assertThat(config.masked().get("schema.registry.url")).contains("registry:8081");
        assertThat(config.serdeConfig())
                .containsEntry("basic.auth.credentials.source", "USER_INFO")
                .containsEntry("basic.auth.user.info", "ops:regsecret")
                .containsEntry("schema.registry.ssl.truststore.location", "/etc/recordflow/registry-trust.p12")
                .containsEntry("schema.registry.ssl.truststore.password", "trustsecret");
    }

    @Test
    void shouldRejectInvalidValuesNamingTheKey() {
        assertThatThrownBy(() -> ConfigSources.load(null, Map.of("RECORDFLOW_BOOTSTRAP_SERVERS", "no-port"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> ConfigSources.load(null, Map.of(), Map.of("schema.registry.url", "ftp://registry")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> ConfigSources.load(null, Map.of(), Map.of("security.protocol", "TLS")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("security.protocol");
        assertThatThrownBy(() ->
                        ConfigSources.load(null, Map.of(), Map.of("schema.registry.basic.auth.user.info", "nocolon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.basic.auth.user.info")
                .hasMessageNotContaining("nocolon");
    }

    @Test
    void shouldRequireJaasConfigForPasswordSaslMechanisms() {
        assertThatThrownBy(() -> ConfigSources.load(
                        null, Map.of(), Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-256")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sasl.jaas.config");
    }

    @Test
    void shouldNameAMissingConfigurationFile() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ConfigSources.load(missing, Map.of(), Map.of()))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }
}

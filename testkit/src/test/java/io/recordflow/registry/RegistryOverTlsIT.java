package io.recordflow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.embedded.registry.EmbeddedSchemaRegistry;
import io.recordflow.serde.AvroSerdeConfig;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The registry client's own TLS settings and basic auth against the embedded registry served over HTTPS. */
class RegistryOverTlsIT {

    private static final Schema MEMO = SchemaBuilder.record("Memo")
            .namespace("tls")
            .fields()
            .requiredString("id")
            .endRecord();
    private static final String STORE_PASSWORD = "store-secret";

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path certs;

    private static TestCertificates generated;
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startRegistryOverHttps() throws Exception {
        generated = TestCertificates.create(certs, STORE_PASSWORD);
        Path server = generated.serverKeys().path();
        TlsStores.Store serverKeys = new TlsStores.Store("server", server, STORE_PASSWORD.toCharArray(), "PKCS12");
        registry = EmbeddedSchemaRegistry.builder(KAFKA.kafka().bootstrapServers())
                .tls(TlsStores.context(Optional.empty(), Optional.of(serverKeys), null))
                .basicAuth("ops", "registry-secret")
                .start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static Map<String, Object> settings(String userInfo, boolean trust) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        settings.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, AvroSerdeConfig.SOURCE_USER_INFO);
        settings.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, userInfo);
        settings.put(AvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        if (trust) {
            settings.put(
                    AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG,
                    generated.serverTrust().path().toString());
            settings.put(AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, STORE_PASSWORD);
        }
        return settings;
    }

    @Test
    void shouldRegisterAndReadSchemasOverHttpsWithTheClientsOwnTrustStoreAndBasicAuth() {
        assertThat(registry.url()).startsWith("https://127.0.0.1:");
        SchemaRegistryClient client = new AvroSerdeConfig(settings("ops:registry-secret", true)).createClient();

        int id = client.register("memo-value", MEMO);

        assertThat(client.getSchemaById(id)).isEqualTo(MEMO);
    }

    @Test
    void shouldRefuseAnUntrustedRegistryCertificateNamingTheTrustStoreSetting() {
        Map<String, Object> settings = settings("ops:registry-secret", false);
        // A failed handshake is retried like any unanswered request; a 1 s budget rather than the default 30 s, since
        // this test asserts what the error names once the budget is spent (the retry is
        // RestSchemaRegistryClientRetryTest's).
        settings.put(AvroSerdeConfig.RETRY_MAX_MS_CONFIG, 1_000L);
        SchemaRegistryClient client = new AvroSerdeConfig(settings).createClient();

        assertThatThrownBy(() -> client.register("memo-value", MEMO))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("TLS handshake failed")
                .hasMessageContaining(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG);
    }

    @Test
    void shouldRefuseWrongCredentialsWithoutPrintingThem() {
        SchemaRegistryClient client = new AvroSerdeConfig(settings("ops:wrong-secret", true)).createClient();

        assertThatThrownBy(() -> client.register("memo-value", MEMO))
                .isInstanceOf(SchemaRegistryAuthenticationException.class)
                .hasMessageNotContaining("wrong-secret");
    }

    @Test
    void shouldNameTheSettingOfATrustStoreThatCannotBeRead() {
        Map<String, Object> settings = settings("ops:registry-secret", true);
        settings.put(AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, "not-the-password");

        assertThatThrownBy(() -> new AvroSerdeConfig(settings).createClient())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG)
                .hasMessageNotContaining("not-the-password");
    }
}

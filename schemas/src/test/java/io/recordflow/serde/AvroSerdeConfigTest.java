package io.recordflow.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.registry.BasicAuthCredentials;
import io.recordflow.registry.InMemorySchemaRegistryClient;
import io.recordflow.registry.RestSchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void shouldRequireTheRegistryUrl() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldApplyConfluentDefaults() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of("schema.registry.url", "http://registry:8081"));

        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.specificAvroReader()).isFalse();
        assertThat(config.subjectNameStrategy(false).subjectName("t", false, null))
                .isEqualTo("t-value");
        assertThat(config.subjectNameStrategy(true).subjectName("t", true, null))
                .isEqualTo("t-key");
    }

    @Test
    void shouldRejectUseLatestVersionTogetherWithAutoRegistration() {
        assertThatThrownBy(() -> new AvroSerdeConfig(
                        Map.of("schema.registry.url", "http://r:8081", "use.latest.version", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas=false");
    }

    @Test
    void shouldRequireUserInfoWhenItIsTheCredentialsSource() {
        assertThatThrownBy(() -> new AvroSerdeConfig(
                        Map.of("schema.registry.url", "http://r:8081", "basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info");
    }

    @Test
    void shouldRejectUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "registry:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http://");
    }

    @Test
    void shouldNeverExposeThePassword() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of(
                "schema.registry.url",
                "http://r:8081",
                "basic.auth.credentials.source",
                "USER_INFO",
                "basic.auth.user.info",
                "alice:s3cret:x"));

        BasicAuthCredentials credentials = config.credentials().orElseThrow();
        assertThat(credentials.user()).isEqualTo("alice");
        assertThat(credentials.password()).isEqualTo("s3cret:x");
        assertThat(credentials.toString()).doesNotContain("s3cret");
        assertThat(config.values().toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldSelectTheClientByUrlScheme() {
        assertThat(new AvroSerdeConfig(Map.of("schema.registry.url", "mock://cfg")).createClient())
                .isSameAs(InMemorySchemaRegistryClient.forScope("cfg"));
        assertThat(new AvroSerdeConfig(Map.of("schema.registry.url", "http://a:1,http://bob:pw@b:2/ccompat"))
                        .createClient())
                .isInstanceOfSatisfying(
                        RestSchemaRegistryClient.class,
                        c -> assertThat(c.urls()).containsExactly("http://a:1", "http://b:2/ccompat"));
        InMemorySchemaRegistryClient.dropScope("cfg");
    }
}

package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.fixtures.JarRun;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every operator command, run from the packaged jar at debug level with a known secret in every setting that can
 * hold one, prints none of them: not on stdout, not in the log on stderr.
 */
class SecretsInOutputIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final List<String> SECRETS = List.of(
            "urlsecret-1",
            "metricsecret-2",
            "regsecret-3",
            "trustsecret-4",
            "keysecret-5",
            "jaassecret-6",
            "registrytrust-7");

    @TempDir
    static Path work;

    private static Path config;

    @BeforeAll
    static void writeConfigWithASecretInEverySetting() throws Exception {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 1));
        String registry = REGISTRY.url().replace("http://", "http://ops:urlsecret-1@");
        config = Files.writeString(
                work.resolve("client.properties"),
                String.join(
                        "\n",
                        "bootstrap.servers=" + KAFKA.bootstrapServers(),
                        "schema.registry.url=" + registry,
                        "enrich.metrics.url=http://scraper:metricsecret-2@127.0.0.1:9/metrics",
                        "schema.registry.basic.auth.user.info=ops:regsecret-3",
                        "ssl.truststore.password=trustsecret-4",
                        "ssl.keystore.password=keysecret-5",
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\\\"ops\\\" "
                                + "password=\\\"jaassecret-6\\\";",
                        "schema.registry.ssl.truststore.password=registrytrust-7",
                        ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "dlq list", "review list", "dlq redrive --all --dry-run"})
    void shouldPrintNoSecretAtDebugLevel(String command) throws Exception {
        String[] words = (command + " --config " + config).split(" ");
        JarRun run = JarRun.start(
                        work,
                        command.replace(' ', '-'),
                        List.of("-Xmx512m"),
                        Map.of("RECORDFLOW_LOG_LEVEL", "debug"),
                        words)
                .finish(Duration.ofMinutes(3));

        String printed = run.stdout() + run.stderr();
        assertThat(run.stderr()).as("debug logging on").contains("DEBUG");
        for (String secret : SECRETS) {
            assertThat(printed).as(command + " prints " + secret).doesNotContain(secret);
        }
    }
}

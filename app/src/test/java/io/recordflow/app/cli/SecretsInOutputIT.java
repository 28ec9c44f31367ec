package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.fixtures.JarRun;
import io.recordflow.app.fixtures.RecordsTable;
import io.recordflow.app.fixtures.RunTopics;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.testing.RuleBasedModel;
import io.recordflow.ingest.corpus.VolumeCorpus;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every operator command, run from the packaged jar at debug level with a known secret in every setting that can
 * hold one, prints none of them: not on stdout, not in the log on stderr. The {@code run} case's process starts
 * first and its case comes last, so that the other cases run while it works; the operator commands read what
 * {@code ingest} wrote.
 */
@TestMethodOrder(OrderAnnotation.class)
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
            "registrytrust-7",
            "ollamasecret-8",
            "apikeysecret-9",
            "metricsauth-12");

    /** RecordFlow's own loggers and every library's (Kafka clients, Connect, Streams, the drivers) at DEBUG. */
    private static final Map<String, String> DEBUG_EVERYWHERE =
            Map.of("RECORDFLOW_LOG_LEVEL", "debug", "RECORDFLOW_LIBRARY_LOG_LEVEL", "debug");

    private static final String MODEL = "llama3.1:8b";

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
    @ValueSource(
            strings = {
                "status",
                "dlq list",
                "review list",
                "dlq redrive --all --dry-run",
                "diff --left records.enriched.v1 --right records.enriched.v1"
            })
    @Order(2)
    void shouldPrintNoSecretAtDebugLevel(String command) throws Exception {
        String[] words = (command + " --config " + config).split(" ");
        JarRun run = JarRun.start(work, command.replace(' ', '-'), List.of("-Xmx512m"), DEBUG_EVERYWHERE, words)
                .finish(Duration.ofMinutes(3));

        assertPrintsNoSecret(command, run);
    }

    /**
     * {@code recordflow ingest} and then {@code recordflow enrich} (until it has enriched what was ingested, then
     * stopped as a service manager stops it) against a model server reached through a URL with credentials.
     */
    @Test
    @Order(1)
    void shouldPrintNoSecretWhileIngestingAndEnrichingAtDebugLevel() throws Exception {
        Path corpus = work.resolve("service-corpus");
        int records = VolumeCorpus.smallTexts(corpus, 3, 17L).records();
        try (FakeOllamaServer ollama = ruleBasedServer()) {
            Path serviceConfig = Files.writeString(
                    work.resolve("enrich.properties"),
                    Files.readString(config)
                            + String.join(
                                    "\n",
                                    "enrich.provider=ollama",
                                    "enrich.model=" + MODEL,
                                    "enrich.base.url="
                                            + ollama.baseUrl().replace("http://", "http://llm:ollamasecret-8@"),
                                    "enrich.api.key=apikeysecret-9",
                                    "enrich.blob.roots=" + work.resolve("blobs"),
                                    "state.dir=" + work.resolve("enrich-state"),
                                    ""));
            JarRun ingest = JarRun.start(
                            work,
                            "ingest-secrets",
                            List.of("-Xmx512m"),
                            DEBUG_EVERYWHERE,
                            "ingest",
                            "--config",
                            serviceConfig.toString(),
                            "--blob-root",
                            work.resolve("blobs").toString(),
                            corpus.toString())
                    .finish(Duration.ofMinutes(3));
            assertThat(ingest.exitCode()).as(ingest.describe()).isZero();
            assertPrintsNoSecret("ingest", ingest);

            JarRun enrich = JarRun.start(
                    work,
                    "enrich-secrets",
                    List.of("-Xmx512m"),
                    Map.of(
                            "RECORDFLOW_LOG_LEVEL", "debug",
                            "RECORDFLOW_METRICS_BASIC_AUTH_USER_INFO", "scraper:metricsauth-12"),
                    "enrich",
                    "--config",
                    serviceConfig.toString(),
                    "--metrics-port",
                    "0");
            try {
                await().atMost(Duration.ofMinutes(4))
                        .until(() -> ollama.chatCalls() >= records
                                || !enrich.process().isAlive());
            } catch (ConditionTimeoutException e) {
                enrich.process().destroyForcibly();
                throw new AssertionError("enrich made " + ollama.chatCalls() + " calls: " + enrich.stderr(), e);
            }
            assertThat(ollama.chatCalls()).as(enrich.stderr()).isGreaterThanOrEqualTo(records);
            enrich.process().destroy();
            enrich.finish(Duration.ofMinutes(1));
            assertPrintsNoSecret("enrich", enrich);
        }
    }

    /** The settings {@code recordflow run} takes that can hold a secret, and the secret each one holds. */
    private static final Map<String, String> RUN_SECRETS = Map.of(
            "model server URL", "ollamasecret-8",
            "enrich.api.key", "apikeysecret-9",
            "RECORDFLOW_JDBC_PASSWORD", "jdbcsecret-10",
            "JDBC URL", "jdbcurlsecret-11",
            "RECORDFLOW_METRICS_BASIC_AUTH_USER_INFO", "metricsauth-12");

    private static Path runData;
    private static RecordsTable runTable;
    private static FakeOllamaServer runOllama;
    private static JarRun runSecrets;

    /**
     * Starts the {@code recordflow run} of {@link #shouldKeepEverySecretOutOfRunOutputAndItsDataFolder} before any
     * case: it brings up a pipeline of its own in its own process (its own broker, registry, model server and schema,
     * nothing the other cases use), and much of its time is spent waiting for that pipeline, so the other cases run
     * meanwhile instead of after it.
     */
    @BeforeAll
    static void startRunWithASecretInEverySetting() throws Exception {
        Path corpus = work.resolve("run-corpus");
        VolumeCorpus.smallTexts(corpus, 5, 13L);
        runData = work.resolve("run-data");
        runTable = RecordsTable.freshSchema("run_secrets_");
        runOllama = ruleBasedServer();
        runSecrets = JarRun.start(
                work,
                "run-secrets",
                List.of("-Xmx768m"),
                Map.of(
                        "RECORDFLOW_LOG_LEVEL", "debug",
                        "RECORDFLOW_JDBC_PASSWORD", "jdbcsecret-10",
                        "RECORDFLOW_METRICS_BASIC_AUTH_USER_INFO", "scraper:metricsauth-12"),
                "run",
                "--provider",
                "ollama",
                "--base-url",
                runOllama.baseUrl().replace("http://", "http://llm:ollamasecret-8@"),
                "--model",
                MODEL,
                "--set",
                "enrich.api.key=apikeysecret-9",
                "--metrics-port",
                "0",
                "--data-dir",
                runData.toString(),
                "--jdbc-url",
                RecordsTable.JDBC_URL + "?password=jdbcurlsecret-11",
                "--jdbc-schema",
                runTable.schema(),
                corpus.toString());
    }

    @AfterAll
    static void stopTheRunAndDropItsSchema() throws Exception {
        try {
            if (runSecrets != null) {
                runSecrets.process().destroyForcibly();
            }
            if (runOllama != null) {
                runOllama.close();
            }
        } finally {
            if (runTable != null) {
                runTable.drop();
            }
        }
    }

    /**
     * {@code recordflow run}, at debug level, with a known secret in every setting it takes that can hold one (the
     * model server's URL, an API key, the JDBC password and a password in the JDBC URL, the metrics server's basic
     * auth): none of them in its output, in its data folder (topics, registry, state, bags) or in provenance.
     */
    @Test
    @Order(3)
    void shouldKeepEverySecretOutOfRunOutputAndItsDataFolder() throws Exception {
        JarRun run = runSecrets.finish(Duration.ofMinutes(5));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stderr()).as("debug logging on").contains("DEBUG");
        assertThat(runOllama.chatCalls()).as("the model server was used").isPositive();
        String printed = run.stdout() + run.stderr();
        RUN_SECRETS.forEach((setting, secret) ->
                assertThat(printed).as("run prints the secret of " + setting).doesNotContain(secret));
        assertThat(filesHolding(runData, RUN_SECRETS.values()))
                .as("files in the data folder holding a secret")
                .isEmpty();
        RunTopics topics = RunTopics.read(runData);
        assertThat(topics.enriched()).isNotEmpty();
        topics.enriched()
                .forEach(e -> RUN_SECRETS
                        .values()
                        .forEach(secret -> assertThat(e.getProvenance().toString())
                                .as("provenance of " + e.getRecordId())
                                .doesNotContain(secret)));
    }

    private static void assertPrintsNoSecret(String command, JarRun run) {
        String printed = run.stdout() + run.stderr();
        assertThat(run.stderr()).as(command + ": debug logging on").contains("DEBUG");
        for (String secret : SECRETS) {
            assertThat(printed).as(command + " prints " + secret).doesNotContain(secret);
        }
    }

    private static FakeOllamaServer ruleBasedServer() throws IOException {
        int numCtx = new EnrichConfig(Map.of(), Map.of()).numCtx();
        return new FakeOllamaServer(
                MODEL,
                numCtx,
                r -> RuleBasedModel.answer(FakeOllamaServer.isClassification(r), FakeOllamaServer.lastUserMessage(r)));
    }

    /** Every file under {@code dir} whose bytes contain one of {@code secrets} (topic segments are uncompressed). */
    private static List<String> filesHolding(Path dir, Collection<String> secrets) throws IOException {
        List<String> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                secrets.stream()
                        .filter(bytes::contains)
                        .forEach(secret -> holding.add(dir.relativize(file) + " holds " + secret));
            }
        }
        return holding;
    }
}

package io.recordflow.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.fixtures.ArchiveBags;
import io.recordflow.app.fixtures.Cli;
import io.recordflow.embedded.connect.EmbeddedConnect;
import io.recordflow.embedded.kafka.EmbeddedKafka;
import io.recordflow.embedded.kafka.SecureListener;
import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.testkit.SecureClientSettings;
import io.recordflow.testkit.TestCertificates;
import io.recordflow.topics.SinkDeadLetterTopic;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline through one of the broker's secure listeners (certificates made by the test): {@code recordflow
 * ingest} produces, the enrich Streams app enriches, {@code recordflow status} reads the topics and a Connect worker
 * archives the enriched record, every client with the subclass's {@link #security()} settings.
 */
abstract class SecureTransportPipeline {

    static final String STORE_PASSWORD = "store-secret";
    static final String USER = "recordflow";
    static final String USER_PASSWORD = "scram-secret";
    static final TestCertificates CERTS = TestCertificates.createTemporary(STORE_PASSWORD);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(EmbeddedKafka.builder()
            .listener(SecureListener.saslSsl(CERTS.serverKeys(), USER, USER_PASSWORD))
            .listener(SecureListener.mutualTls(CERTS.serverKeys(), CERTS.clientTrust())));

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    @TempDir
    Path work;

    @BeforeAll
    static void createTopics() {
        for (Topic<String, ?> topic : Topics.all()) {
            KAFKA.kafka().ensureTopic(topic.name(), 1, Map.of());
        }
        for (SinkDeadLetterTopic topic : Topics.sinkDeadLetters()) {
            KAFKA.kafka().ensureTopic(topic.name(), 1, Map.of());
        }
    }

    /** The listener the clients use, e.g. {@link SecureListener#SASL_SSL}. */
    abstract String listenerName();

    /** The clients' security settings for {@link #listenerName()}. */
    abstract Map<String, String> security();

    String secureBootstrap() {
        return KAFKA.kafka().bootstrapServers(listenerName());
    }

    @Test
    void shouldIngestEnrichReportAndArchiveARecordThroughTheSecureListener() throws Exception {
        Path blobs = work.resolve("blobs");
        Path input = Files.createDirectories(work.resolve("in"));
        Files.writeString(input.resolve("memo.txt"), "A memo about records retention schedules.");
        Path config = clientConfigFile(security());

        Cli ingest = Cli.run(
                "ingest",
                "--config",
                config.toString(),
                "--isolation",
                "in-process",
                "--no-ocr",
                "--agency",
                "Dept of Records",
                "--blob-root",
                blobs.toString(),
                input.toString());
        assertThat(ingest.exitCode()).as(ingest.toString()).isZero();

        try (EnrichApp enrich = startEnrich(blobs);
                EmbeddedConnect connect = EmbeddedConnect.start(
                        secureBootstrap(), work.resolve("connect.offsets"), connectWorkerSettings())) {
            connect.putConnector(
                    LocalPipeline.ARCHIVE_CONNECTOR,
                    LocalPipeline.archiveConfig(REGISTRY.url(), work.resolve("archive"), blobs));

            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(
                                    ArchiveBags.in(work.resolve("archive")).recordIds())
                            .hasSize(1));
            assertThat(enrich.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }

        Cli status = Cli.run("status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out())
                .contains(secureBootstrap() + " (" + security().get("security.protocol") + ")")
                .contains(Topics.INGESTED.name())
                .contains(Topics.ENRICHED.name())
                .doesNotContain(USER_PASSWORD);
    }

    /** Runs {@code recordflow status} with these client security settings. */
    Cli status(Map<String, String> security) throws IOException {
        return Cli.run("status", "--config", clientConfigFile(security).toString());
    }

    @Test
    void shouldRefuseAnUntrustedBrokerCertificateWithOneLineNamingTheTrustStore() throws Exception {
        Map<String, String> security = new HashMap<>(security());
        security.put(
                "ssl.truststore.location",
                CERTS.untrustedKeys("not-the-broker").path().toString());

        assertRefusedWithOneLineNaming(status(security), "ssl.truststore.location");
    }

    /** {@code status} exited {@link ExitCode#NOPERM} with one stderr line naming {@code setting}. */
    static void assertRefusedWithOneLineNaming(Cli status, String setting) {
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCode.NOPERM);
        assertThat(status.err().strip().lines())
                .as(status.toString())
                .singleElement()
                .satisfies(line ->
                        assertThat(line).startsWith("recordflow status: ").contains(setting));
    }

    EnrichApp startEnrich(Path blobs) throws Exception {
        EnrichConfig config = new EnrichConfig(Map.of(
                EnrichConfig.PROVIDER,
                "local",
                EnrichConfig.BLOB_ROOTS,
                blobs.toAbsolutePath().toString()));
        EnrichApp app = EnrichApp.builder(
                        config, "recordflow-enrich-" + listenerName().toLowerCase(Locale.ROOT), secureBootstrap())
                .streamsConfig(security())
                .streamsConfig(
                        StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams").toString())
                .streamsConfig(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)
                .serdeConfig(Map.of("schema.registry.url", REGISTRY.url()))
                .build();
        return app.start();
    }

    /** The worker's own clients and its sink consumers, DLQ producers and admin all authenticate. */
    private Map<String, String> connectWorkerSettings() {
        Map<String, String> worker = new HashMap<>(security());
        worker.putAll(SecureClientSettings.prefixed("consumer.", security()));
        worker.putAll(SecureClientSettings.prefixed("producer.", security()));
        worker.putAll(SecureClientSettings.prefixed("admin.", security()));
        return worker;
    }

    Path clientConfigFile(Map<String, String> security) throws IOException {
        Properties properties = new Properties();
        properties.putAll(security);
        properties.setProperty("bootstrap.servers", secureBootstrap());
        properties.setProperty("schema.registry.url", REGISTRY.url());
        properties.setProperty("client.timeout.ms", "20000");
        Path file = work.resolve("client.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "SASL_SSL client settings");
        }
        return file;
    }
}

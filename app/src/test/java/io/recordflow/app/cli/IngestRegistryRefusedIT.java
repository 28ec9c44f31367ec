package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.fixtures.Cli;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.DeadLetter;
import io.recordflow.registry.RestSchemaRegistryClient;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recordflow ingest} against a schema registry that refuses for good: the command still prints its summary,
 * names each failed file with the registry's answer (no credential), counts only committed records and exits 69.
 */
class IngestRegistryRefusedIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final String PASSWORD = "regpass-41";

    @TempDir
    Path dir;

    @BeforeAll
    static void createTopics() {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
    }

    @Test
    void shouldPrintTheSummaryNameTheRefusedFileAndStartNoFurtherFileWhenTheRegistryIsDown() throws IOException {
        String closed = "127.0.0.1:" + closedPort();
        Path first = Files.writeString(dir.resolve("down-0.txt"), "Memorandum zero about records retention.");
        Path second = Files.writeString(dir.resolve("down-1.txt"), "Memorandum one about records retention.");
        Path config = Files.writeString(
                dir.resolve("client.properties"),
                String.join(
                        "\n",
                        "bootstrap.servers=" + KAFKA.bootstrapServers(),
                        "schema.registry.url=http://ops:" + PASSWORD + "@" + closed,
                        "schema.registry.retry.max.ms=1000",
                        "schema.registry.retry.backoff.ms=100"));

        Cli run = Cli.run(ingest(config, "down", first, second));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(run.err())
                .contains("ingested 0 files (0 records), 0 duplicates skipped, 2 failed")
                .contains("  failed: REGISTRY_REFUSED: " + first.toUri() + ": schema registry refused, nothing of the"
                        + " file written: Cannot serialize value of topic '" + Topics.INGESTED.name() + "'")
                .contains("http://" + closed + "/subjects/" + Topics.INGESTED.name() + "-value/versions"
                        + " (connection refused)")
                .contains("schema.registry.retry.max.ms=1000")
                .contains("no dead letter written either")
                .contains("  failed: NOT_ATTEMPTED: " + second.toUri() + ": not attempted")
                .contains("the schema registry refused writes, first for " + first.toUri())
                .doesNotContain(PASSWORD);
        assertThat(ingested("down-")).isEmpty();
    }

    @Test
    void shouldCountExactlyTheCommittedRecordsWhenTheRegistryRefusesTheDeadLetterSchema() throws IOException {
        // The registry answers 409 to the dead-letter schema: another record type already owns the subject.
        try (RestSchemaRegistryClient registry = new RestSchemaRegistryClient(List.of(REGISTRY.url()))) {
            registry.register(
                    Topics.DLQ.name() + "-value",
                    new Schema.Parser()
                            .parse("{\"type\":\"record\",\"name\":\"Other\","
                                    + "\"fields\":[{\"name\":\"x\",\"type\":\"string\"}]}"));
        }
        Path good = Files.writeString(dir.resolve("dlq-0.txt"), "Memorandum about records retention.");
        Path empty = Files.write(dir.resolve("dlq-1.pdf"), new byte[0]);
        Path after = Files.writeString(dir.resolve("dlq-2.txt"), "Another memorandum, about disposition.");
        String url = REGISTRY.url().replace("http://", "http://ops:" + PASSWORD + "@");
        Path config = Files.writeString(
                dir.resolve("client.properties"),
                "bootstrap.servers=" + KAFKA.bootstrapServers() + "\nschema.registry.url=" + url + "\n");

        Cli run = Cli.run(ingest(config, "dlq", good, empty, after));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(run.err())
                .contains("ingested 2 files (2 records), 0 duplicates skipped, 1 failed")
                .contains("  failed: EMPTY_FILE: " + empty.toUri() + ": file is empty (0 bytes); no dead letter written"
                        + " either: Cannot serialize value of topic '" + Topics.DLQ.name() + "'")
                .contains(
                        "(HTTP 409) from POST " + REGISTRY.url() + "/subjects/" + Topics.DLQ.name() + "-value/versions")
                .contains("the schema registry refused writes, first for " + empty.toUri())
                .doesNotContain("NOT_ATTEMPTED")
                .doesNotContain(PASSWORD);
        assertThat(ingested("dlq-"))
                .extracting(AgencyRecord::getFileName)
                .containsExactlyInAnyOrder("dlq-0.txt", "dlq-2.txt");
        assertThat(topics().values(Topics.DLQ))
                .extracting(DeadLetter::getSourceUri)
                .doesNotContain(empty.toUri().toString());
    }

    private String[] ingest(Path config, String source, Path... files) {
        List<String> args = new ArrayList<>(List.of(
                "ingest",
                "--config",
                config.toString(),
                "--source",
                source,
                "--isolation",
                "in-process",
                "--parallelism",
                "1",
                "--no-ocr",
                "--blob-root",
                dir.resolve("blobs").toString()));
        for (Path f : files) {
            args.add(f.toString());
        }
        return args.toArray(String[]::new);
    }

    /** The records committed on the ingest topic whose file name starts with the prefix, read read_committed. */
    private static List<AgencyRecord> ingested(String prefix) {
        return topics().values(Topics.INGESTED).stream()
                .filter(r -> r.getFileName().startsWith(prefix))
                .toList();
    }

    private static TopicContents topics() {
        return new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}

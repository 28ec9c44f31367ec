package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.dlq.DeadLetterRedriver;
import io.recordflow.app.fixtures.Cli;
import io.recordflow.app.fixtures.Enrichments;
import io.recordflow.app.fixtures.Seeder;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.Stage;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DlqCommandsIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Instant FAILED_AT = Instant.parse("2026-05-01T10:00:00Z");
    private static byte[] poisonValue;

    @BeforeAll
    static void seedDeadLetters() {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
        try (Seeder seeder = new Seeder(KAFKA.bootstrapServers(), REGISTRY.serdeConfig())) {
            poisonValue = seeder.serialize(
                    Topics.INGESTED,
                    Enrichments.enriched("rec-1", "A", 0.5, FAILED_AT).getRecord());
            seeder.send(
                    Topics.DLQ,
                    "rec-1",
                    DeadLetter.newBuilder()
                            .setId("dl-enrich-1")
                            .setStage(Stage.ENRICH)
                            .setRecordId("rec-1")
                            .setSourceTopic(Topics.INGESTED.name())
                            .setSourcePartition(1)
                            .setSourceOffset(41L)
                            .setErrorClass("io.recordflow.enrich.PoisonRecordException")
                            .setErrorMessage("model output unparseable")
                            .setAttempts(3)
                            .setFailedAt(FAILED_AT)
                            .setOriginalKey(ByteBuffer.wrap("rec-1".getBytes(StandardCharsets.UTF_8)))
                            .setOriginalValue(ByteBuffer.wrap(poisonValue))
                            .setContext(Map.of("model", "llama3.1:8b"))
                            .build());
            seeder.send(
                    Topics.DLQ,
                    "dl-ingest-1",
                    DeadLetter.newBuilder()
                            .setId("dl-ingest-1")
                            .setStage(Stage.INGEST)
                            .setSourceUri("file:///inbox/broken.pdf")
                            .setErrorClass("org.apache.tika.exception.EncryptedDocumentException")
                            .setErrorMessage("encrypted PDF")
                            .setFailedAt(FAILED_AT.plusSeconds(60))
                            .build());
            seeder.send(
                    Topics.DLQ,
                    "rec-2",
                    DeadLetter.newBuilder()
                            .setId("dl-enrich-2")
                            .setStage(Stage.ENRICH)
                            .setRecordId("rec-2")
                            .setSourceTopic(Topics.INGESTED.name())
                            .setSourcePartition(0)
                            .setSourceOffset(7L)
                            .setErrorClass("java.net.http.HttpTimeoutException")
                            .setErrorMessage("request timed out")
                            .setFailedAt(FAILED_AT.plusSeconds(120))
                            .setOriginalKey(ByteBuffer.wrap("rec-2".getBytes(StandardCharsets.UTF_8)))
                            .setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                            .build());
        }
    }

    private static Cli dlq(String... args) {
        return Cli.onCluster(KAFKA.bootstrapServers(), REGISTRY.url(), Cli.prepend("dlq", args));
    }

    private static TopicContents topics() {
        return new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url());
    }

    @Test
    void shouldListDeadLettersWithReasonsAndWhetherTheyCanBeRedriven() {
        Cli result = dlq("list");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "dl-enrich-1",
                        "ENRICH",
                        "records.ingested.v1-1@41",
                        "PoisonRecordException: model output unparseable")
                .contains("dl-ingest-1", "file:///inbox/broken.pdf", "no: no source topic")
                .contains("dl-enrich-2", "3 dead letter(s) match");
    }

    @Test
    void shouldFilterByStageAndErrorClass() {
        Cli byStage = dlq("list", "--filter", "stage=INGEST");
        Cli byBoth = dlq("list", "--filter", "stage=enrich", "--filter", "errorClass=timeout");

        assertThat(byStage.out())
                .contains("dl-ingest-1", "1 dead letter(s) match")
                .doesNotContain("dl-enrich-");
        assertThat(byBoth.out())
                .contains("dl-enrich-2", "1 dead letter(s) match")
                .doesNotContain("dl-enrich-1");
    }

    @Test
    void shouldRejectAnUnknownFilterAsAUsageError() {
        Cli result = dlq("list", "--filter", "colour=red");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("unknown filter key 'colour'");
    }

    @Test
    void shouldShowEveryFieldWithPreviewsOfTheOriginalBytes() {
        Cli result = dlq("show", "dl-enrich-1");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("stage:", "ENRICH", "sourceOffset:", "41", "attempts:", "3", "model: llama3.1:8b")
                .contains("originalKey:     5 bytes, utf-8: \"rec-1\"")
                .contains("originalValue:   " + poisonValue.length + " bytes (Confluent wire format, schema id")
                .contains("redrivable:      yes");
    }

    @Test
    void shouldFailWithDataErrorForAnUnknownId() {
        Cli result = dlq("show", "no-such-id");

        assertThat(result.exitCode()).isEqualTo(ExitCode.DATA_ERROR);
        assertThat(result.err()).contains("no dead letter with id no-such-id");
    }

    @Test
    void shouldRedriveOriginalBytesToTheSourceTopicWithRedriveHeaderAndAuditEventOnlyOnceUnlessForced() {
        Cli result = dlq("redrive", "--filter", "errorClass=Poison", "--operator", "ops-jane");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("redriven dl-enrich-1 -> records.ingested.v1-", "redrove 1 of 1");
        List<ConsumerRecord<byte[], byte[]>> ingested = redriven("dl-enrich-1", 1);
        assertThat(ingested.get(0).key()).isEqualTo("rec-1".getBytes(StandardCharsets.UTF_8));
        assertThat(ingested.get(0).value()).isEqualTo(poisonValue);
        assertThat(header(ingested.get(0), DeadLetterRedriver.HEADER_REDRIVEN_BY))
                .isEqualTo("ops-jane");
        // In the redrive's transaction, but the audit topic's commit marker may land a moment after the input's.
        List<AuditEvent> audits = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> topics().values(Topics.AUDIT).stream()
                                .filter(e -> e.getStep().equals(DeadLetterRedriver.AUDIT_STEP)
                                        && e.getRecordId().equals("rec-1"))
                                .toList(),
                        events -> !events.isEmpty());
        assertThat(audits).hasSize(1);
        assertThat(audits.get(0).getActor()).isEqualTo("operator:ops-jane");
        assertThat(audits.get(0).getDetail()).containsEntry("deadLetterId", "dl-enrich-1");

        Cli again = dlq("redrive", "--filter", "errorClass=Poison");
        assertThat(again.out())
                .contains(
                        "skipped dl-enrich-1: already redriven at",
                        "by operator:ops-jane",
                        "--force",
                        "redrove 0 of 1 selected dead letter(s); 1 already redriven");
        assertThat(dlq("list", "--filter", "errorClass=Poison").out())
                .contains("redriven at", "to records.ingested.v1-");

        Cli forced = dlq("redrive", "--filter", "errorClass=Poison", "--force");
        assertThat(forced.out()).contains("redrove 1 of 1");
        assertThat(redriven("dl-enrich-1", 2)).hasSize(2);
    }

    /**
     * The records redriven from {@code deadLetterId} on the input topic, once {@code expected} of them are readable:
     * the redrive's transaction is committed when the command returns, but its markers reach the partitions (and
     * read_committed readers) a moment later.
     */
    private List<ConsumerRecord<byte[], byte[]>> redriven(String deadLetterId, int expected) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> topics().raw(Topics.INGESTED.name()).stream()
                                .filter(r -> header(r, DeadLetterRedriver.HEADER_DEAD_LETTER_ID)
                                        .equals(deadLetterId))
                                .toList(),
                        records -> records.size() >= expected);
    }

    @Test
    void shouldWriteNothingOnDryRunAndExplainWhatCannotBeRedriven() {
        int before = topics().raw(Topics.INGESTED.name()).size();

        Cli result = dlq("redrive", "--id", "dl-ingest-1", "--id", "dl-enrich-2", "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "not redrivable dl-ingest-1: no source topic",
                        "would redrive dl-enrich-2 -> records.ingested.v1")
                .contains("dry run: 1 of 2 selected dead letter(s) would be redriven (0 already redriven)");
        assertThat(topics().raw(Topics.INGESTED.name())).hasSize(before);
    }

    @Test
    void shouldRefuseToRedriveWithoutASelection() {
        Cli result = dlq("redrive");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--all");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}

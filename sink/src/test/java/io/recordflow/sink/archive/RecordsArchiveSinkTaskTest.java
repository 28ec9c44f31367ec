package io.recordflow.sink.archive;

import static io.recordflow.sink.fixtures.EnrichedRecords.BASE_TIME;
import static io.recordflow.sink.fixtures.EnrichedRecords.sinkRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.sink.fixtures.BagItVerifier;
import io.recordflow.sink.fixtures.BlobStoreFixture;
import io.recordflow.sink.fixtures.EnrichedRecords;
import io.recordflow.sink.fixtures.RecordingTaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordsArchiveSinkTaskTest {

    private static final String TOPIC = "records.enriched.v1";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path temp;

    private Path archive;
    private BlobStoreFixture blobs;
    private RecordsArchiveSinkTask task;
    private RecordingTaskContext context;

    @BeforeEach
    void setUp() {
        archive = temp.resolve("archive");
        blobs = new BlobStoreFixture(temp.resolve("blobs"));
    }

    @AfterEach
    void stopTask() {
        if (task != null) {
            task.stop();
        }
    }

    private void startTask(String... overrides) {
        Map<String, String> props = new HashMap<>();
        props.put(ArchiveSinkConfig.ARCHIVE_DIR, archive.toString());
        props.put(ArchiveSinkConfig.BLOB_ROOT, blobs.root().toString());
        props.put(ArchiveSinkConfig.BAG_MAX_RECORDS, "10");
        props.put(ArchiveSinkConfig.SOURCE_ORGANIZATION, "Department of Records");
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        context = new RecordingTaskContext(true);
        task = new RecordsArchiveSinkTask();
        task.initialize(context);
        task.start(props);
    }

    private List<SinkRecord> stored(int from, int count) throws IOException {
        List<SinkRecord> records = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            records.add(sinkRecord(TOPIC, 0, n, blobs.stored(n)));
        }
        return records;
    }

    private long committed() {
        OffsetAndMetadata offset =
                task.preCommit(Map.of(PARTITION, new OffsetAndMetadata(1_000))).get(PARTITION);
        return offset == null ? 0 : offset.offset();
    }

    private List<String> allArchivedIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (Path bag : BagItVerifier.bags(archive)) {
            ids.addAll(BagItVerifier.recordIds(bag));
        }
        return ids;
    }

    @Test
    void shouldWriteValidBagsRolledByCountAndCommitOnlyFinishedBags() throws Exception {
        startTask();
        task.put(stored(0, 25));

        assertThat(BagItVerifier.bags(archive)).hasSize(2);
        assertThat(committed()).isEqualTo(20);
        task.stop();
        task = null;

        List<Path> bags = BagItVerifier.bags(archive);
        assertThat(bags).hasSize(3);
        for (Path bag : bags) {
            assertThat(BagItVerifier.problems(bag)).as(bag.toString()).isEmpty();
        }
        assertThat(allArchivedIds()).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void shouldPutOriginalTextEnrichmentAndNaraMetadataIntoTheBag() throws Exception {
        startTask();
        task.put(stored(0, 3));
        task.stop();
        task = null;

        Path bag = BagItVerifier.bags(archive).get(0);
        Path record = bag.resolve("data/records/rec-1");
        assertThat(Files.readString(record.resolve("original/memo-1.txt"))).isEqualTo(EnrichedRecords.content(1));
        assertThat(Files.readString(record.resolve("text.txt"))).isEqualTo(EnrichedRecords.content(1));
        JsonNode enrichment =
                new ObjectMapper().readTree(record.resolve("enrichment.json").toFile());
        assertThat(enrichment.at("/classification/code").asText()).isEqualTo("GRS-5.2-020");
        assertThat(enrichment.at("/record/text").isMissingNode()).isTrue();

        List<String> csv = Files.readAllLines(bag.resolve("data/metadata.csv"), StandardCharsets.UTF_8);
        assertThat(csv.get(0).split("\\|"))
                .startsWith(
                        "File Name",
                        "Record ID",
                        "Title",
                        "Description",
                        "Creator",
                        "Creation Date",
                        "Rights",
                        "Coverage",
                        "Relation",
                        "Subject");
        String[] row = csv.stream()
                .filter(l -> l.contains("|rec-1|"))
                .findFirst()
                .orElseThrow()
                .split("\\|", -1);
        assertThat(row)
                .startsWith(
                        "data/records/rec-1/original/memo-1.txt",
                        "rec-1",
                        "Budget memo 1",
                        "A memo about the fiscal year budget.",
                        "J. Smith",
                        "2026-03-01",
                        "Possible FOIA exemptions: b5",
                        "",
                        "",
                        "budget; fiscal year");
        assertThat(row.length).isEqualTo(NaraMetadataCsv.COLUMNS.size());
        assertThat(Files.readAllLines(bag.resolve("bag-info.txt")))
                .contains("Source-Organization: Department of Records");
    }

    @Test
    void shouldRollBagsBySizeAndByAge() throws Exception {
        startTask(ArchiveSinkConfig.BAG_MAX_BYTES, "1");
        task.put(stored(0, 3));
        assertThat(BagItVerifier.bags(archive)).hasSize(3);
        task.stop();

        startTask(ArchiveSinkConfig.BAG_MAX_AGE_MS, "300");
        task.put(stored(10, 2));
        assertThat(BagItVerifier.bags(archive)).hasSize(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 12);
        assertThat(BagItVerifier.bags(archive)).hasSize(4);
    }

    @Test
    void shouldNotArchiveARecordAgainOnReplayButArchiveANewerEnrichment() throws Exception {
        startTask();
        task.put(stored(0, 10));
        task.stop();

        startTask();
        List<SinkRecord> replay = stored(0, 15);
        EnrichedRecord newer = blobs.stored(
                EnrichedRecords.enriched(3, BASE_TIME.plusSeconds(7_200), "llama3.1:8b")
                        .build(),
                3);
        EnrichedRecord older = blobs.stored(
                EnrichedRecords.enriched(4, BASE_TIME, "llama3.1:8b").build(), 4);
        replay.add(sinkRecord(TOPIC, 0, 15, newer));
        replay.add(sinkRecord(TOPIC, 0, 16, older));
        task.put(replay);
        task.stop();
        task = null;

        List<String> ids = allArchivedIds();
        assertThat(ids).hasSize(16);
        assertThat(ids.stream().filter("rec-3"::equals)).hasSize(2);
        assertThat(ids.stream().filter("rec-4"::equals)).hasSize(1);
    }

    @Test
    void shouldSendRecordsWithMissingTamperedOrForeignOriginalsToTheDeadLetterQueue() throws Exception {
        startTask();
        List<SinkRecord> records = stored(0, 4);
        EnrichedRecord missing = EnrichedRecords.enriched(10);
        missing.getRecord()
                .setContentUri(blobs.root().resolve("sha256/none").toUri().toString());
        EnrichedRecord tampered = blobs.stored(11);
        Files.writeString(Path.of(java.net.URI.create(tampered.getRecord().getContentUri())), "altered");
        EnrichedRecord foreign = EnrichedRecords.enriched(12);
        foreign.getRecord().setContentUri("file:///etc/passwd");
        records.add(sinkRecord(TOPIC, 0, 4, missing));
        records.add(sinkRecord(TOPIC, 0, 5, tampered));
        records.add(sinkRecord(TOPIC, 0, 6, foreign));

        task.put(records);
        task.stop();
        task = null;

        assertThat(context.reported).extracting(r -> r.record().kafkaOffset()).containsExactly(4L, 5L, 6L);
        assertThat(context.reported.get(0).reason().getMessage()).contains("is not in the blob store");
        assertThat(context.reported.get(1).reason().getMessage()).contains("has SHA-256");
        assertThat(context.reported.get(2).reason().getMessage()).contains("outside the blob store");
        assertThat(allArchivedIds()).containsExactlyInAnyOrder("rec-0", "rec-1", "rec-2", "rec-3");
    }

    @Test
    void shouldArchiveEmbeddedDocumentsWhoseClaimCheckPointsIntoTheirContainer() throws Exception {
        startTask();
        EnrichedRecord mail = blobs.stored(0);
        String containerUri = mail.getRecord().getContentUri();
        List<SinkRecord> records = new ArrayList<>(List.of(sinkRecord(TOPIC, 0, 0, mail)));
        for (int n = 1; n <= 3; n++) {
            EnrichedRecord attachment = EnrichedRecords.enriched(n);
            attachment.getRecord().setContentUri(containerUri + "#/attachment-" + n + ".csv");
            attachment.getRecord().setParentRecordId(mail.getRecord().getRecordId());
            records.add(sinkRecord(TOPIC, 0, n, attachment));
        }

        task.put(records);
        task.stop();
        task = null;

        assertThat(context.reported).isEmpty();
        assertThat(allArchivedIds()).containsExactlyInAnyOrder("rec-0", "rec-1", "rec-2", "rec-3");
        Path bag = BagItVerifier.bags(archive).get(0);
        assertThat(BagItVerifier.problems(bag)).isEmpty();
        assertThat(Files.readString(bag.resolve("data/records/rec-2/contained-in.txt")))
                .contains(
                        "Embedded-Path: /attachment-2.csv",
                        "Parent-Record-ID: rec-0",
                        "Container-SHA-256: "
                                + Path.of(java.net.URI.create(containerUri)).getFileName());
        assertThat(Files.readString(bag.resolve("data/records/rec-2/text.txt"))).isEqualTo(EnrichedRecords.content(2));
        assertThat(Files.readAllLines(bag.resolve("data/metadata.csv"), StandardCharsets.UTF_8))
                .anyMatch(l ->
                        l.startsWith("data/records/rec-2/contained-in.txt|rec-2|") && l.contains("|Part of rec-0|"));
    }

    @Test
    void shouldKeepFileNamesWithControlCharactersAndThreeHundredCharactersFromBreakingTheBag() throws Exception {
        startTask();
        EnrichedRecord mail = blobs.stored(0);
        String longName = "n".repeat(296) + ".pdf";
        mail.getRecord().setFileName("memo\n\u001b[31m" + longName);
        EnrichedRecord attachment = EnrichedRecords.enriched(1);
        attachment.getRecord().setContentUri(mail.getRecord().getContentUri() + "#/a.csv");
        attachment.getRecord().setParentRecordId(mail.getRecord().getRecordId());
        attachment.getRecord().setFileName("a.csv\nSHA-256: 0000\r\nFile-Name: forged.csv");

        task.put(List.of(sinkRecord(TOPIC, 0, 0, mail), sinkRecord(TOPIC, 0, 1, attachment)));
        task.stop();
        task = null;

        assertThat(context.reported).isEmpty();
        Path bag = BagItVerifier.bags(archive).get(0);
        assertThat(BagItVerifier.problems(bag)).isEmpty();
        try (var originals = Files.list(bag.resolve("data/records/rec-0/original"))) {
            assertThat(originals.toList())
                    .singleElement()
                    .satisfies(p -> assertThat(p.getFileName().toString())
                            .hasSize(200)
                            .endsWith(".pdf")
                            .matches("[A-Za-z0-9._-]+"));
        }
        assertThat(Files.readAllLines(bag.resolve("data/records/rec-1/contained-in.txt")))
                .hasSize(5)
                .contains("File-Name: a.csv%0ASHA-256: 0000%0D%0AFile-Name: forged.csv")
                .filteredOn(l -> l.startsWith("SHA-256:") || l.startsWith("File-Name:"))
                .hasSize(2);
        assertThat(Files.readAllLines(bag.resolve("manifest-sha256.txt")))
                .allSatisfy(l -> assertThat(l).matches("[0-9a-f]{64}  data/[A-Za-z0-9._/%-]+"));
    }

    @Test
    void shouldSendEmbeddedDocumentsOfATamperedOrForeignContainerToTheDeadLetterQueue() throws Exception {
        startTask();
        EnrichedRecord tamperedMail = blobs.stored(1);
        Files.writeString(Path.of(java.net.URI.create(tamperedMail.getRecord().getContentUri())), "altered");
        EnrichedRecord inTampered = EnrichedRecords.enriched(2);
        inTampered.getRecord().setContentUri(tamperedMail.getRecord().getContentUri() + "#/a.csv");
        EnrichedRecord inForeign = EnrichedRecords.enriched(3);
        inForeign.getRecord().setContentUri("file:///etc/passwd#/a.csv");
        Path outside = Files.writeString(temp.resolve("outside.txt"), "not a blob");
        Path link = blobs.root().resolve("sha256/li/link");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, outside);
        EnrichedRecord throughLink = EnrichedRecords.enriched(4);
        throughLink.getRecord().setContentUri(link.toUri() + "#/a.csv");
        EnrichedRecord hostless = EnrichedRecords.enriched(5);
        hostless.getRecord().setContentUri("file://evil-host/share/a.txt#/x");

        task.put(List.of(
                sinkRecord(TOPIC, 0, 0, inTampered),
                sinkRecord(TOPIC, 0, 1, inForeign),
                sinkRecord(TOPIC, 0, 2, throughLink),
                sinkRecord(TOPIC, 0, 3, hostless)));
        task.stop();
        task = null;

        assertThat(context.reported)
                .extracting(r -> r.reason().getMessage())
                .satisfiesExactly(
                        m -> assertThat(m).contains("Container of", "has SHA-256"),
                        m -> assertThat(m).contains("outside the blob store"),
                        m -> assertThat(m).contains("leads through a link", "outside the blob store"),
                        m -> assertThat(m).contains("does not name a local file"));
        assertThat(allArchivedIds()).isEmpty();
    }

    @Test
    void shouldDiscardAnAbandonedBagAfterACrashAndArchiveTheRedeliveredRecords() throws Exception {
        startTask();
        task.put(stored(0, 5));
        assertThat(committed()).isZero();
        // Simulated crash: the task is dropped without stop(); its open bag stays in the working directory.
        task = null;
        assertThat(BagItVerifier.bags(archive)).isEmpty();

        startTask();
        task.put(stored(0, 5));
        task.stop();
        task = null;
        assertThat(allArchivedIds()).containsExactlyInAnyOrder("rec-0", "rec-1", "rec-2", "rec-3", "rec-4");
        try (var leftovers = Files.list(archive.resolve(".incomplete/task-0"))) {
            assertThat(leftovers).isEmpty();
        }
    }
}

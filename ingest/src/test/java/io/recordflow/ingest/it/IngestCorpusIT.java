package io.recordflow.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.ingest.config.IngestConfig;
import io.recordflow.ingest.corpus.CorpusExpectations;
import io.recordflow.ingest.corpus.DocumentFixtures;
import io.recordflow.ingest.corpus.MixedCorpus;
import io.recordflow.ingest.extract.OcrAvailability;
import io.recordflow.ingest.pipeline.IngestService;
import io.recordflow.ingest.pipeline.IngestSummary;
import io.recordflow.ingest.pipeline.InputFile;
import io.recordflow.ingest.produce.KafkaRecordOutlet;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Ingests the generated mixed corpus plus bad files, through forked extraction, into the in-process broker. */
class IngestCorpusIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    @TempDir
    static Path dir;

    static IngestSummary summary;
    static Map<String, AgencyRecord> byName;
    static List<AgencyRecord> records;

    @BeforeAll
    static void ingestCorpus() throws Exception {
        for (Topic<String, ?> t : Topics.all()) {
            KAFKA.createTopic(t.name(), 2);
        }
        Map<String, Path> corpus = MixedCorpus.write(dir.resolve("corpus"));
        Files.write(dir.resolve("corpus/empty.pdf"), new byte[0]);
        Files.write(dir.resolve("corpus/secret.pdf"), DocumentFixtures.encryptedPdf("u", "o", "classified"));
        Files.writeString(dir.resolve("corpus/copy-of-readme.txt"), Files.readString(corpus.get("readme.txt")));
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BLOB_ROOT,
                dir.resolve("blobs").toString(),
                IngestConfig.AGENCY,
                "Department of Records",
                IngestConfig.OFFICE,
                "Archives",
                IngestConfig.SOURCE,
                "it-share",
                IngestConfig.ISOLATION,
                IngestConfig.ISOLATION_FORKED,
                IngestConfig.TIMEOUT_MS,
                120_000L));
        List<InputFile> inputs = new ArrayList<>();
        try (var files = Files.list(dir.resolve("corpus"))) {
            files.sorted().forEach(p -> inputs.add(InputFile.of(p)));
        }
        try (IngestService service = new IngestService(
                config,
                KafkaRecordOutlet.create(KAFKA.bootstrapServers(), REGISTRY.serdeConfig()),
                2,
                Clock.systemUTC())) {
            summary = service.run(inputs, new IngestSummary(), (outcome, s, total) -> {});
        }
        records = consume(Topics.INGESTED, r -> true, summary.records());
        byName = records.stream()
                .filter(r -> r.getParentRecordId() == null)
                .collect(Collectors.toMap(AgencyRecord::getFileName, Function.identity()));
    }

    private static <V extends SpecificRecord> List<V> consume(
            Topic<String, V> topic, Predicate<ConsumerRecord<String, V>> filter, int expected) {
        Map<String, Object> props = new HashMap<>(KAFKA.adminProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic.name() + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                props,
                topic.keySerde().deserializer(),
                topic.valueSerde(REGISTRY.serdeConfig()).deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (filter.test(r)) {
                        values.add(r.value());
                    }
                });
                return values.size() >= expected;
            });
        }
        return values;
    }

    @Test
    void shouldCountIngestedDuplicateAndFailedFiles() {
        assertThat(summary.ingested()).isEqualTo(24);
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(records).hasSize(summary.records());
        assertThat(records).extracting(AgencyRecord::getAgency).containsOnly("Department of Records");
    }

    @Test
    void shouldDescribeEachFormat() {
        assertThat(byName.get("annual-report.pdf")).satisfies(r -> {
            assertThat(r.getMediaType()).isEqualTo("application/pdf");
            assertThat(r.getTitle()).isEqualTo("Annual Report 2023");
            assertThat(r.getCreator()).isEqualTo("Jane Analyst");
            assertThat(r.getDateCreated()).isEqualTo(Instant.parse("2023-03-15T09:30:00Z"));
            assertThat(r.getPageCount()).isEqualTo(2);
        });
        Map<String, String> types = new HashMap<>();
        byName.forEach((name, r) -> types.put(name, r.getMediaType() + " " + r.getModality()));
        assertThat(types)
                .containsEntry(
                        "policy.docx",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document DOCUMENT")
                .containsEntry("minutes.odt", "application/vnd.oasis.opendocument.text DOCUMENT")
                .containsEntry("notice.rtf", "application/rtf DOCUMENT")
                .containsEntry("page.html", "text/html DOCUMENT")
                .containsEntry(
                        "budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet DOCUMENT")
                .containsEntry(
                        "briefing.pptx",
                        "application/vnd.openxmlformats-officedocument.presentationml.presentation DOCUMENT")
                .containsEntry("memo.eml", "message/rfc822 EMAIL")
                .containsEntry("bundle.zip", "application/zip DOCUMENT")
                .containsEntry("photo.jpg", "image/jpeg IMAGE")
                .containsEntry("diagram.png", "image/png IMAGE")
                .containsEntry("scan.tiff", "image/tiff IMAGE")
                .containsEntry("interview.mp3", "audio/mpeg AUDIO")
                .containsEntry("dictation.wav", "audio/vnd.wave AUDIO")
                .containsEntry("hearing.flac", "audio/x-flac AUDIO")
                .containsEntry("retention-schedule.doc", "application/msword DOCUMENT")
                .containsEntry("briefing-request.msg", "application/vnd.ms-outlook EMAIL")
                .containsEntry("council.ogg", "audio/vorbis AUDIO")
                .containsEntry("dispatch.opus", "audio/opus AUDIO")
                .containsEntry("walkthrough.mp4", "video/mp4 VIDEO")
                .containsEntry("lobby.mov", "video/quicktime VIDEO");
        assertThat(byName.get("photo.jpg").getImage()).satisfies(i -> {
            assertThat(i.getCameraModel()).isEqualTo("Canon EOS 5D");
            assertThat(i.getGpsLatitude()).isBetween(38.89, 38.90);
        });
        assertThat(byName.get("interview.mp3").getAudio().getArtist()).isEqualTo("Records Office");
        assertThat(byName.get("dictation.wav").getAudio().getDurationMillis()).isEqualTo(2_500L);
        assertThat(byName.get("hearing.flac").getAudio().getDurationMillis()).isEqualTo(90_000L);
        assertThat(records)
                .anyMatch(r -> "budget-notes.txt".equals(r.getFileName())
                        && byName.get("memo.eml").getRecordId().equals(r.getParentRecordId()));
    }

    @Test
    void shouldDescribeDocMsgOggAndVideo() {
        assertThat(byName.get("retention-schedule.doc")).satisfies(r -> {
            assertThat(r.getTitle()).isEqualTo("Retention Schedule");
            assertThat(r.getCreator()).isEqualTo("Paul Archivist");
            assertThat(r.getText()).contains("ten years after closure");
        });
        AgencyRecord msg = byName.get("briefing-request.msg");
        assertThat(msg.getEmail()).satisfies(e -> {
            assertThat(e.getSubject()).isEqualTo("Briefing request");
            assertThat(e.getFrom()).isEqualTo("Dana Deputy <dana@agency.example.gov>");
            assertThat(e.getTo()).containsExactly("evan@agency.example.gov");
            assertThat(e.getSentAt()).isEqualTo(Instant.parse("2024-02-05T08:45:00Z"));
        });
        // the attachment is a record of its own under the message, as for .eml
        AgencyRecord agenda = records.stream()
                .filter(r -> msg.getRecordId().equals(r.getParentRecordId()))
                .findFirst()
                .orElseThrow();
        assertThat(agenda.getFileName()).isEqualTo("agenda.txt");
        assertThat(agenda.getText()).contains("Agenda: budget, staffing.");
        assertThat(msg.getAttachments()).extracting(a -> a.getRecordId()).containsExactly(agenda.getRecordId());
        assertThat(records)
                .filteredOn(r -> msg.getRecordId().equals(r.getParentRecordId()))
                .hasSize(1);
        assertThat(byName.get("council.ogg").getAudio()).satisfies(CorpusExpectations::councilOgg);
        assertThat(byName.get("dispatch.opus").getAudio()).satisfies(CorpusExpectations::dispatchOpus);
        assertThat(byName.get("walkthrough.mp4").getVideo()).satisfies(CorpusExpectations::walkthroughMp4);
        assertThat(byName.get("lobby.mov").getVideo()).satisfies(CorpusExpectations::lobbyMov);
    }

    @Test
    void shouldOcrScannedPageWhenTesseractIsPresent() {
        AgencyRecord scan = byName.get("scanned-memo.pdf");
        if (OcrAvailability.get().available()) {
            assertThat(scan.getText()).contains(MixedCorpus.SCANNED_TEXT);
            assertThat(scan.getOcrApplied()).isTrue();
        } else {
            assertThat(scan.getExtractionWarnings()).anyMatch(w -> w.contains("OCR unavailable"));
        }
    }

    @Test
    void shouldSendDeadLettersAndAuditEvents() {
        List<DeadLetter> letters = consume(Topics.DLQ, r -> true, 2);
        assertThat(letters)
                .extracting(d -> d.getContext().get("fileName"))
                .containsExactlyInAnyOrder("empty.pdf", "secret.pdf");
        List<AuditEvent> audit = consume(Topics.AUDIT, r -> true, summary.records() * 2 + 2);
        assertThat(audit).filteredOn(e -> e.getStep().equals("EXTRACTION")).hasSize(summary.records() + 2);
        assertThat(audit)
                .filteredOn(e -> e.getStep().equals("FORMAT_IDENTIFICATION"))
                .hasSize(summary.records());
    }

    @Test
    void shouldCarryProvenanceHeadersAndClaimCheck() throws Exception {
        // readme.txt and its copy have the same content: whichever a worker reached first is the record
        AgencyRecord readme = records.stream()
                .filter(r -> r.getFileName().endsWith("readme.txt"))
                .findFirst()
                .orElseThrow();
        assertThat(Files.readString(Path.of(java.net.URI.create(readme.getContentUri())), StandardCharsets.UTF_8))
                .contains("archive boxes");
        List<AgencyRecord> withHeaders = consume(
                Topics.INGESTED,
                r -> r.key().equals(readme.getRecordId())
                        && r.headers().lastHeader(KafkaRecordOutlet.HEADER_SHA256) != null
                        && new String(
                                        r.headers()
                                                .lastHeader(KafkaRecordOutlet.HEADER_SHA256)
                                                .value(),
                                        StandardCharsets.UTF_8)
                                .equals(readme.getSha256()),
                1);
        assertThat(withHeaders).hasSize(1);
    }
}

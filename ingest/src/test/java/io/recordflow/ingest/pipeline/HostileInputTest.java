package io.recordflow.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.ingest.audit.AuditEvents;
import io.recordflow.ingest.blob.FileSystemBlobStore;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.config.IngestConfig;
import io.recordflow.ingest.corpus.DocumentFixtures;
import io.recordflow.ingest.corpus.HostileFixtures;
import io.recordflow.ingest.corpus.ZipFixtures;
import io.recordflow.ingest.extract.ExtractionHarness;
import io.recordflow.ingest.extract.Extractor;
import io.recordflow.ingest.extract.RecordMapper;
import io.recordflow.ingest.extract.TikaParse;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's hostile file-level inputs (docs/hostile-inputs.md): each ends in bounded records whose warnings say
 * what was found, or in a dead letter naming the file and the limit.
 */
class HostileInputTest {

    /** A name with a line break, an ANSI escape and a forged log line in it. */
    static final String CONTROL_NAME = "memo\n12:00:00 INFO  forged line \u001b[31mred\u001b[0m.txt";

    @TempDir
    Path dir;

    CollectingOutlet outlet;

    private FileIngestor ingestor(ExtractionLimits limits) throws IOException {
        outlet = new CollectingOutlet();
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        Clock clock = Clock.fixed(ExtractionHarness.NOW, ZoneOffset.UTC);
        Extractor extractor = new Extractor(
                new TikaParse(limits),
                new RecordMapper(100_000, limits.writeLimitChars(), blobs::putText, clock, "test"));
        return new FileIngestor(
                blobs, extractor, outlet, new AuditEvents(clock, "test", false), clock, "share", "A", "O");
    }

    private FileOutcome ingest(String name, byte[] bytes) throws IOException {
        return ingestor(ExtractionHarness.noOcr()).ingest(InputFile.of(Files.write(dir.resolve(name), bytes)));
    }

    private static ExtractionLimits withEmbeddedCap(int cap) {
        ExtractionLimits d = ExtractionHarness.noOcr();
        return new ExtractionLimits(
                d.writeLimitChars(), cap, d.maxDepth(), d.maxImagePixels(), false, d.ocrLanguage(), null);
    }

    private AgencyRecord member(String fileName) {
        return outlet.records.stream()
                .filter(r -> fileName.equals(r.getFileName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record named " + fileName + " among "
                        + outlet.records.stream().map(AgencyRecord::getFileName).toList()));
    }

    @Test
    void shouldIngestEveryTraversalEntryOfAZipUnderASafeNameWithoutWritingOutsideTheBlobStore() throws Exception {
        FileOutcome outcome = ingest("traversal.zip", HostileFixtures.zipWithTraversalNames());

        assertThat(outcome.status()).isEqualTo(FileOutcome.Status.INGESTED);
        // container + 3 members: Tika names both hostile entries "/evil.txt", and one record used to replace the other
        assertThat(outlet.records).hasSize(4);
        assertThat(member("evil.txt").getText()).isEqualTo("relative traversal payload");
        assertThat(member("evil.txt").getExtractionWarnings())
                .contains("entry name \"../../evil.txt\" is not a plain relative name; recorded as evil.txt");
        assertThat(member("abs/evil.txt").getText()).isEqualTo("absolute path payload");
        assertThat(member("abs/evil.txt").getExtractionWarnings())
                .contains("entry name \"/abs/evil.txt\" is not a plain relative name; recorded as abs/evil.txt");
        assertThat(member("good.txt").getExtractionWarnings()).isEmpty();
        assertThat(outlet.records).extracting(AgencyRecord::getRecordId).doesNotHaveDuplicates();
        // members are never unpacked to disk: their claim-check is the stored container plus their path
        assertThat(outlet.records.subList(1, 4))
                .allSatisfy(r -> assertThat(r.getContentUri())
                        .startsWith(outlet.records.get(0).getContentUri() + "#"));
        assertThat(listTree(dir.getParent()))
                .noneMatch(p -> p.getFileName().toString().contains("evil"));
        assertThat(Path.of("/abs/evil.txt")).doesNotExist();
    }

    @Test
    void shouldKeepTwoAttachmentsOfTheSameNameAsTwoRecords() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a/scan.txt", "first scan".getBytes(StandardCharsets.UTF_8));
        entries.put("../scan.txt", "second scan".getBytes(StandardCharsets.UTF_8));
        ingest("same-names.zip", ZipFixtures.zip(entries));
        assertThat(outlet.records).extracting(AgencyRecord::getText).contains("first scan", "second scan");
    }

    @Test
    void shouldIngestFileNamesWithControlCharactersAndThreeHundredCharactersKeepingTheNameAsData() throws Exception {
        String longName = "l".repeat(296) + ".txt";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(CONTROL_NAME, "control characters in the name".getBytes(StandardCharsets.UTF_8));
        entries.put(longName, "three hundred characters of name".getBytes(StandardCharsets.UTF_8));
        Path file = Files.write(dir.resolve("name\u001b[2J\nforged.zip"), ZipFixtures.zip(entries));

        FileOutcome outcome = ingestor(ExtractionHarness.noOcr()).ingest(InputFile.of(file));

        assertThat(outcome.status()).isEqualTo(FileOutcome.Status.INGESTED);
        assertThat(outlet.records).hasSize(3);
        assertThat(outlet.records.get(0).getFileName()).isEqualTo("name\u001b[2J\nforged.zip");
        assertThat(member(CONTROL_NAME).getText()).isEqualTo("control characters in the name");
        assertThat(member(longName).getFileName()).hasSize(300);
        // what ingest prints and logs is the source URI, in which every control character is percent-encoded
        assertThat(outcome.input()).doesNotContain("\n", "\u001b").contains("%0A", "%1B");
        assertThat(outlet.records).allSatisfy(r -> assertThat(r.getSourceUri()).doesNotContain("\n", "\u001b"));
    }

    @Test
    void shouldExtractTextOfPdfWithOpenActionJavaScriptAndFlagItWithoutRunningIt() throws Exception {
        FileOutcome outcome = ingest("js.pdf", HostileFixtures.pdfWithOpenActionJavaScript("Quarterly report"));

        assertThat(outcome.status()).isEqualTo(FileOutcome.Status.INGESTED);
        AgencyRecord pdf = outlet.records.get(0);
        assertThat(outlet.records).hasSize(1);
        assertThat(pdf.getText()).contains("Quarterly report").doesNotContain(HostileFixtures.JS_MARKER);
        assertThat(pdf.getExtractionWarnings())
                .anyMatch(w -> w.startsWith("document contains JavaScript run on DOCUMENT_OPEN")
                        && w.endsWith("RecordFlow never executes it"));
    }

    @Test
    void shouldIngestEmlWithFiveHundredAttachmentsWithinTheDefaultCap() throws Exception {
        FileOutcome outcome = ingest("flood.eml", HostileFixtures.emlWithAttachments(500));

        assertThat(outcome.status()).isEqualTo(FileOutcome.Status.INGESTED);
        assertThat(outlet.records).hasSize(501);
        assertThat(outlet.records.get(0).getAttachments()).hasSize(500);
        assertThat(outlet.records.get(0).getExtractionWarnings()).noneMatch(w -> w.contains("limit"));
    }

    @Test
    void shouldStopEmlWithFiveHundredAttachmentsAtTheConfiguredCapAndSaySoNamingTheSetting() throws Exception {
        FileIngestor capped = ingestor(withEmbeddedCap(50));
        Path file = Files.write(dir.resolve("flood.eml"), HostileFixtures.emlWithAttachments(500));

        FileOutcome outcome = capped.ingest(InputFile.of(file));

        assertThat(outcome.status()).isEqualTo(FileOutcome.Status.INGESTED);
        assertThat(outlet.records).hasSize(51);
        assertThat(outlet.records.get(0).getExtractionWarnings())
                .anyMatch(w -> w.startsWith("embedded-document limit reached (" + IngestConfig.MAX_EMBEDDED + ")")
                        && w.contains("not parsed"));
    }

    @Test
    void shouldRefuseFortyThousandSquarePngNamingTheFileAndThePixelLimit() throws Exception {
        byte[] png = HostileFixtures.pngClaiming(40_000, 40_000);
        assertThat(png.length).isLessThan(10_000);

        FileOutcome outcome = ingest("bomb.png", png);

        assertThat(outcome.status()).isEqualTo(FileOutcome.Status.FAILED);
        assertThat(outlet.records).isEmpty();
        DeadLetter letter = outlet.deadLetters.get(0);
        assertThat(letter.getContext()).containsEntry("failureKind", "IMAGE_TOO_LARGE");
        assertThat(letter.getErrorMessage())
                .contains("bomb.png")
                .contains("40,000 x 40,000 pixels")
                .contains(IngestConfig.MAX_IMAGE_PIXELS + " = 200,000,000");
    }

    @Test
    void shouldRecordPixelBombInsideAZipAsAMemberWithTheReasonAndKeepTheOtherMembers() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("bomb.png", HostileFixtures.pngClaiming(40_000, 40_000));
        entries.put("note.txt", "the note beside the bomb".getBytes(StandardCharsets.UTF_8));

        FileOutcome outcome = ingest("bomb.zip", ZipFixtures.zip(entries));

        assertThat(outcome.status()).isEqualTo(FileOutcome.Status.INGESTED);
        assertThat(member("note.txt").getText()).isEqualTo("the note beside the bomb");
        assertThat(member("bomb.png").getExtractionWarnings())
                .anyMatch(w -> w.contains("exceeds " + IngestConfig.MAX_IMAGE_PIXELS));
    }

    @Test
    void shouldStillReadAnOrdinaryImage() throws Exception {
        FileOutcome outcome = ingest("scan.png", DocumentFixtures.image(DocumentFixtures.textImage("SCAN"), "png"));
        assertThat(outcome.status()).isEqualTo(FileOutcome.Status.INGESTED);
        assertThat(outlet.records.get(0).getImage().getWidth()).isEqualTo(1400);
    }

    @Test
    void shouldBoundMp3WithTenMegabyteId3TagToASmallRecord() throws Exception {
        byte[] mp3 = HostileFixtures.mp3WithHugeId3Tag(5_000_000);
        assertThat(mp3.length).isGreaterThan(10_000_000);

        FileOutcome outcome = ingest("tagged.mp3", mp3);

        assertThat(outcome.status()).isEqualTo(FileOutcome.Status.INGESTED);
        AgencyRecord r = outlet.records.get(0);
        assertThat(r.getMediaType()).isEqualTo("audio/mpeg");
        assertThat(r.getTitle()).hasSize(1_000);
        assertThat(r.getExtractionWarnings()).contains("metadata dc:title longer than 1000 characters, truncated");
        assertThat(AgencyRecord.getEncoder().encode(r).remaining())
                .as("fits a default 1 MB Kafka message")
                .isLessThan(500_000);
    }

    private static List<Path> listTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.recordflow.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.ingest.audit.AuditEvents;
import io.recordflow.ingest.blob.FileSystemBlobStore;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.corpus.DocumentFixtures;
import io.recordflow.ingest.corpus.ZipFixtures;
import io.recordflow.ingest.extract.ExtractionHarness;
import io.recordflow.ingest.extract.Extractor;
import io.recordflow.ingest.extract.RecordMapper;
import io.recordflow.ingest.extract.TikaParse;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input yields a record with warnings or a dead letter naming the file and cause. */
class BadInputTest {

    @TempDir
    Path dir;

    CollectingOutlet outlet;
    FileIngestor ingestor;

    @BeforeEach
    void setUp() throws IOException {
        ingestor = ingestor(ExtractionHarness.noOcr());
    }

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

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private DeadLetter deadLetterFor(Path file, FileOutcome outcome) {
        assertThat(outcome.status()).isEqualTo(FileOutcome.Status.FAILED);
        assertThat(outlet.records).isEmpty();
        assertThat(outlet.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.getSourceUri()).isEqualTo(file.toUri().toString());
            assertThat(d.getErrorMessage()).contains(file.getFileName().toString());
        });
        assertThat(outlet.audit).anyMatch(e -> e.getOutcome() == Outcome.FAILURE);
        return outlet.deadLetters.get(0);
    }

    private AgencyRecord recordFor(FileOutcome outcome) {
        assertThat(outcome.status()).as(String.valueOf(outcome.reason())).isEqualTo(FileOutcome.Status.INGESTED);
        assertThat(outlet.deadLetters).isEmpty();
        return outlet.records.get(0);
    }

    @Test
    void shouldDeadLetterTruncatedPdf() throws Exception {
        byte[] pdf = DocumentFixtures.pdf("T", "A", DocumentFixtures.utc(2020, 1, 1), "some text that is cut");
        Path file = write("truncated.pdf", Arrays.copyOf(pdf, pdf.length / 3));
        DeadLetter d = deadLetterFor(file, ingestor.ingest(InputFile.of(file)));
        assertThat(d.getContext()).containsEntry("failureKind", "CORRUPT");
        assertThat(d.getErrorMessage()).contains("Page tree root must be a dictionary");
    }

    @Test
    void shouldDeadLetterTruncatedDocx() throws Exception {
        byte[] docx = DocumentFixtures.docx("T", "A", "paragraph one", "paragraph two");
        Path file = write("truncated.docx", Arrays.copyOf(docx, docx.length / 2));
        DeadLetter d = deadLetterFor(file, ingestor.ingest(InputFile.of(file)));
        assertThat(d.getContext()).containsEntry("failureKind", "CORRUPT");
        assertThat(d.getErrorMessage()).contains("Couldn't find core part");
    }

    @Test
    void shouldDeadLetterZeroByteFile() throws Exception {
        Path file = write("empty.pdf", new byte[0]);
        DeadLetter d = deadLetterFor(file, ingestor.ingest(InputFile.of(file)));
        assertThat(d.getErrorMessage()).contains("file is empty (0 bytes)");
        assertThat(d.getContext()).containsEntry("failureKind", "EMPTY_FILE");
    }

    @Test
    void shouldDetectJpegNamedPdfByContent() throws Exception {
        Path file = write("photo.pdf", DocumentFixtures.image(DocumentFixtures.textImage("X"), "jpeg"));
        AgencyRecord r = recordFor(ingestor.ingest(InputFile.of(file)));
        assertThat(r.getMediaType()).isEqualTo("image/jpeg");
        assertThat(r.getFileName()).isEqualTo("photo.pdf");
    }

    @Test
    void shouldDeadLetterPasswordProtectedPdfNamingTheSetting() throws Exception {
        Path file = write("secret.pdf", DocumentFixtures.encryptedPdf("user-secret", "owner-secret", "classified"));
        DeadLetter d = deadLetterFor(file, ingestor.ingest(InputFile.of(file)));
        assertThat(d.getContext()).containsEntry("failureKind", "ENCRYPTED");
        assertThat(d.getErrorMessage()).contains("password-protected").contains("extract.pdf.password");
    }

    @Test
    void shouldOpenPasswordProtectedPdfWithConfiguredPassword() throws Exception {
        ExtractionLimits d = ExtractionHarness.noOcr();
        ingestor = ingestor(new ExtractionLimits(
                d.writeLimitChars(), d.maxEmbedded(), d.maxDepth(), d.maxImagePixels(), false, "eng", "user-secret"));
        Path file = write("secret.pdf", DocumentFixtures.encryptedPdf("user-secret", "owner-secret", "classified"));
        assertThat(recordFor(ingestor.ingest(InputFile.of(file))).getText()).contains("classified");
    }

    @Test
    void shouldParseOwnerPasswordOnlyPdf() throws Exception {
        Path file = write("owner-only.pdf", DocumentFixtures.encryptedPdf("", "owner-secret", "readable by all"));
        AgencyRecord r = recordFor(ingestor.ingest(InputFile.of(file)));
        assertThat(r.getText()).contains("readable by all");
    }

    @Test
    void shouldWarnAboutEncryptedZipEntry() throws Exception {
        Path file = write(
                "locked.zip",
                ZipFixtures.encrypted("secret.txt", "top secret text".getBytes(StandardCharsets.UTF_8), "pw"));
        AgencyRecord r = recordFor(ingestor.ingest(InputFile.of(file)));
        assertThat(r.getMediaType()).isEqualTo("application/zip");
        assertThat(r.getText()).doesNotContain("top secret");
        assertThat(r.getExtractionWarnings()).anyMatch(w -> w.contains("encryption used in entry secret.txt"));
    }

    @Test
    void shouldWarnAboutInvalidUtf8() throws Exception {
        byte[] bytes = "caf\u00e9 r\u00e9sum\u00e9 with a broken byte: ".getBytes(StandardCharsets.UTF_8);
        byte[] broken = Arrays.copyOf(bytes, bytes.length + 2);
        broken[bytes.length] = (byte) 0xC3;
        broken[bytes.length + 1] = (byte) 0x28;
        Path file = write("broken.txt", broken);
        AgencyRecord r = recordFor(ingestor.ingest(InputFile.of(file)));
        assertThat(r.getExtractionWarnings()).anyMatch(w -> w.startsWith("text is not valid UTF-8"));
    }

    @Test
    void shouldTruncateFiftyMegabyteTextAndKeepFullTextBesideOriginal() throws Exception {
        Path file = dir.resolve("huge.txt");
        byte[] line = "The quick brown fox jumps over the lazy dog, record line.\n".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < 50L * 1024 * 1024; written += line.length) {
                out.write(line);
            }
        }
        AgencyRecord r = recordFor(ingestor.ingest(InputFile.of(file)));
        assertThat(r.getTextTruncated()).isTrue();
        assertThat(r.getText()).hasSize(100_000);
        assertThat(r.getFullTextUri()).isNotNull();
        assertThat(Files.size(Path.of(java.net.URI.create(r.getFullTextUri())))).isGreaterThan(1_000_000L);
        assertThat(r.getExtractionWarnings()).anyMatch(w -> w.startsWith("text extraction stopped at the write limit"));
        assertThat(AgencyRecord.getEncoder().encode(r).remaining())
                .as("fits a default 1 MB Kafka message")
                .isLessThan(1_000_000);
    }

    @Test
    void shouldSurviveNestedZipBomb() throws Exception {
        // 6 KB expanding to 1 GiB of text: extraction stops at the write limit instead of exhausting memory
        Path file = write("bomb.zip", ZipFixtures.nestedBomb(10, 10));
        AgencyRecord container = recordFor(ingestor.ingest(InputFile.of(file)));
        assertThat(Files.size(file)).isLessThan(100_000L);
        assertThat(container.getExtractionWarnings()).anyMatch(w -> w.startsWith("text extraction stopped"));
        assertThat(outlet.records).allMatch(r -> r.getText().length() <= 100_000);
    }

    @Test
    void shouldStopFortyLevelNestedZipAtDepthLimit() throws Exception {
        Path file = write("deep.zip", ZipFixtures.nested(40));
        recordFor(ingestor.ingest(InputFile.of(file)));
        assertThat(outlet.records).hasSizeLessThanOrEqualTo(11);
        assertThat(outlet.records)
                .anyMatch(r -> r.getExtractionWarnings().stream()
                        .anyMatch(w -> w.contains("deeper than the configured depth limit")));
    }

    @Test
    void shouldDeadLetterUnreadableFile() throws Exception {
        // tests run as root, which chmod 000 does not stop: the denial is raised through the reading seam
        Path file = write("locked.pdf", new byte[] {1});
        InputFile input = new InputFile(file.toUri().toString(), "locked.pdf", () -> {
            throw new AccessDeniedException(file.toString());
        });
        DeadLetter d = deadLetterFor(file, ingestor.ingest(input));
        assertThat(d.getErrorMessage()).contains("permission denied");
        assertThat(d.getContext()).containsEntry("failureKind", "UNREADABLE");
    }

    @Test
    void shouldDeadLetterVanishedFile() throws Exception {
        Path file = write("gone.docx", new byte[] {1});
        InputFile input = InputFile.of(file);
        Files.delete(file);
        DeadLetter d = deadLetterFor(file, ingestor.ingest(input));
        assertThat(d.getErrorMessage()).contains("file vanished before it could be read");
    }

    @Test
    void shouldSkipSameContentSeenTwiceInOneRun() throws Exception {
        Path a = write("a.txt", "same".getBytes(StandardCharsets.UTF_8));
        Path b = write("b.txt", "same".getBytes(StandardCharsets.UTF_8));
        assertThat(ingestor.ingest(InputFile.of(a)).status()).isEqualTo(FileOutcome.Status.INGESTED);
        assertThat(ingestor.ingest(InputFile.of(b)).status()).isEqualTo(FileOutcome.Status.DUPLICATE);
        assertThat(outlet.records).hasSize(1);
    }
}

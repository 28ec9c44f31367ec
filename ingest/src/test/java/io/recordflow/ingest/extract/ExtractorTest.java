package io.recordflow.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.recordflow.ingest.corpus.CorpusExpectations;
import io.recordflow.ingest.corpus.MixedCorpus;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Modality;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractorTest {

    @TempDir
    static Path dir;

    static Map<String, Path> corpus;
    static ExtractionHarness harness;

    @BeforeAll
    static void writeCorpus() throws Exception {
        corpus = MixedCorpus.write(dir.resolve("corpus"));
        harness = new ExtractionHarness(dir, ExtractionHarness.noOcr(), 100_000);
    }

    private static AgencyRecord only(String name) throws Exception {
        Extraction e = harness.extract(corpus.get(name));
        assertThat(e.failure()).as(name).isNull();
        return e.records().get(0);
    }

    @Test
    void shouldDescribePdfWithTitleAuthorDateAndPages() throws Exception {
        AgencyRecord r = only("annual-report.pdf");
        assertThat(r.getMediaType()).isEqualTo("application/pdf");
        assertThat(r.getModality()).isEqualTo(Modality.DOCUMENT);
        assertThat(r.getTitle()).isEqualTo("Annual Report 2023");
        assertThat(r.getCreator()).isEqualTo("Jane Analyst");
        assertThat(r.getDateCreated()).isEqualTo(Instant.parse("2023-03-15T09:30:00Z"));
        assertThat(r.getPageCount()).isEqualTo(2);
        assertThat(r.getFormat()).isEqualTo("Portable Document Format 1.6");
        assertThat(r.getText()).contains("Page one of the annual report.").contains("budget figures");
        assertThat(r.getAgency()).isEqualTo("Test Agency");
        assertThat(r.getOffice()).isEqualTo("Records Office");
        assertThat(r.getExtractionWarnings()).isEmpty();
    }

    @Test
    void shouldExtractOfficeAndOpenDocumentFormats() throws Exception {
        assertThat(only("policy.docx")).satisfies(r -> {
            assertThat(r.getTitle()).isEqualTo("Records Policy");
            assertThat(r.getCreator()).isEqualTo("John Clerk");
            assertThat(r.getText()).contains("retained for seven years");
        });
        assertThat(only("minutes.odt")).satisfies(r -> {
            assertThat(r.getMediaType()).isEqualTo("application/vnd.oasis.opendocument.text");
            assertThat(r.getTitle()).isEqualTo("Board Minutes");
            assertThat(r.getCreator()).isEqualTo("Mary Secretary");
            assertThat(r.getDateCreated()).isEqualTo(Instant.parse("2022-03-04T10:00:00Z"));
        });
        assertThat(only("notice.rtf").getTitle()).isEqualTo("Public Notice");
        assertThat(only("budget.xlsx").getText()).contains("Paper").contains("1200");
        assertThat(only("briefing.pptx")).satisfies(r -> {
            assertThat(r.getText()).contains("Quarterly briefing");
            assertThat(r.getAttachments())
                    .as("the thumbnail is not an attachment")
                    .isEmpty();
        });
        assertThat(only("page.html").getTitle()).isEqualTo("Agency Web Page");
        assertThat(only("budget.csv").getText()).contains("toner,300");
        assertThat(only("readme.txt").getExtractionWarnings())
                .as("ASCII is valid UTF-8")
                .isEmpty();
    }

    @Test
    void shouldTurnEmailAttachmentIntoItsOwnLinkedRecord() throws Exception {
        List<AgencyRecord> records = harness.extract(corpus.get("memo.eml")).records();
        assertThat(records).hasSize(2);
        AgencyRecord mail = records.get(0);
        AgencyRecord attachment = records.get(1);
        assertThat(mail.getModality()).isEqualTo(Modality.EMAIL);
        assertThat(mail.getEmail().getSubject()).isEqualTo("Budget memo");
        assertThat(mail.getEmail().getMessageId()).isEqualTo("<memo-42@agency.example.gov>");
        assertThat(mail.getAddressees()).containsExactly("bob@agency.example.gov");
        assertThat(mail.getOtherAddressees()).containsExactly("carol@agency.example.gov");
        assertThat(mail.getEmail().getSentAt()).isEqualTo(Instant.parse("2024-01-02T10:15:00Z"));
        assertThat(attachment.getParentRecordId()).isEqualTo(mail.getRecordId());
        assertThat(attachment.getFileName()).isEqualTo("budget-notes.txt");
        assertThat(attachment.getText()).contains("Notes attached");
        assertThat(attachment.getSha256()).hasSize(64);
        assertThat(attachment.getContentUri()).startsWith(mail.getContentUri() + "#");
        assertThat(mail.getAttachments())
                .singleElement()
                .satisfies(a -> assertThat(a.getRecordId()).isEqualTo(attachment.getRecordId()));
    }

    @Test
    void shouldTurnZipMembersIntoRecords() throws Exception {
        List<AgencyRecord> records = harness.extract(corpus.get("bundle.zip")).records();
        assertThat(records).extracting(AgencyRecord::getMediaType).containsExactly("application/zip", "text/plain");
        assertThat(records.get(1).getText()).isEqualTo("A text file inside a zip archive.");
    }

    @Test
    void shouldGiveMembersOfANestedZipTheirRealSizeAndDigest() throws Exception {
        // a deflated entry of a streamed zip (every member of a nested zip) declares its size as -1
        byte[] member = "A memo inside a zip inside a zip.".getBytes(StandardCharsets.UTF_8);
        byte[] inner = zip("memo.txt", member);
        Path outer = dir.resolve("outer.zip");
        Files.write(outer, zip("inner.zip", inner));

        List<AgencyRecord> records = harness.extract(outer).records();

        assertThat(records)
                .extracting(AgencyRecord::getFileName, AgencyRecord::getSizeBytes, AgencyRecord::getSha256)
                .containsExactlyInAnyOrder(
                        tuple("outer.zip", (long) Files.size(outer), sha256(Files.readAllBytes(outer))),
                        tuple("inner.zip", (long) inner.length, sha256(inner)),
                        tuple("memo.txt", (long) member.length, sha256(member)));
        assertThat(records)
                .allSatisfy(r -> assertThat(r.getExtractionWarnings())
                        .as(r.getFileName())
                        .noneMatch(w -> w.startsWith("size")));
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void shouldReadImageExifGpsAndDimensions() throws Exception {
        AgencyRecord r = only("photo.jpg");
        assertThat(r.getModality()).isEqualTo(Modality.IMAGE);
        assertThat(r.getImage().getWidth()).isEqualTo(1400);
        assertThat(r.getImage().getHeight()).isEqualTo(200);
        assertThat(r.getImage().getCameraMake()).isEqualTo("Canon");
        assertThat(r.getImage().getCameraModel()).isEqualTo("Canon EOS 5D");
        assertThat(r.getImage().getDateTaken()).isEqualTo(Instant.parse("2023-07-14T16:20:00Z"));
        assertThat(r.getImage().getGpsLatitude()).isCloseTo(38.8977, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(r.getImage().getGpsLongitude()).isCloseTo(-77.0365, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(r.getExtractionWarnings())
                .as("OCR is off here, and the record says why it has no text")
                .anyMatch(w -> w.startsWith("no text"));
        assertThat(only("diagram.png").getImage().getWidth()).isEqualTo(1400);
        assertThat(only("scan.tiff").getMediaType()).isEqualTo("image/tiff");
    }

    @Test
    void shouldReadAudioDurationAndTags() throws Exception {
        AgencyRecord mp3 = only("interview.mp3");
        assertThat(mp3.getModality()).isEqualTo(Modality.AUDIO);
        assertThat(mp3.getAudio().getDurationMillis()).isBetween(5_100L, 5_300L);
        assertThat(mp3.getAudio().getArtist()).isEqualTo("Records Office");
        assertThat(mp3.getAudio().getAlbum()).isEqualTo("Agency Histories");
        assertThat(mp3.getAudio().getTrackTitle()).isEqualTo("Oral History Interview");
        assertThat(mp3.getAudio().getSampleRate()).isEqualTo(44_100);
        AgencyRecord wav = only("dictation.wav");
        assertThat(wav.getAudio().getDurationMillis()).isEqualTo(2_500L);
        assertThat(wav.getAudio().getChannels()).isEqualTo(1);
        assertThat(wav.getAudio().getSampleRate()).isEqualTo(8_000);
        AgencyRecord flac = only("hearing.flac");
        assertThat(flac.getAudio().getDurationMillis()).isEqualTo(90_000L);
        assertThat(flac.getAudio().getChannels()).isEqualTo(2);
        assertThat(flac.getAudio().getArtist()).isEqualTo("Council Clerk");
        assertThat(flac.getAudio().getTrackTitle()).isEqualTo("Public Hearing");
    }

    @Test
    void shouldDescribeWord97Document() throws Exception {
        AgencyRecord doc = only("retention-schedule.doc");
        assertThat(doc.getMediaType()).isEqualTo("application/msword");
        assertThat(doc.getModality()).isEqualTo(Modality.DOCUMENT);
        assertThat(doc.getTitle()).isEqualTo("Retention Schedule");
        assertThat(doc.getCreator()).isEqualTo("Paul Archivist");
        assertThat(doc.getDateCreated()).isEqualTo(Instant.parse("2022-11-08T14:00:00Z"));
        // LibreOffice leaves the modification date unset (FILETIME 0, 1601-01-01): no date, not 1601
        assertThat(doc.getDateModified()).isNull();
        assertThat(doc.getText()).contains("kept for ten years after closure");
        assertThat(doc.getExtractionWarnings()).isEmpty();
    }

    @Test
    void shouldTurnOutlookAttachmentIntoItsOwnLinkedRecordLikeEml() throws Exception {
        List<AgencyRecord> records =
                harness.extract(corpus.get("briefing-request.msg")).records();
        assertThat(records).hasSize(2);
        AgencyRecord mail = records.get(0);
        AgencyRecord attachment = records.get(1);
        assertThat(mail.getMediaType()).isEqualTo("application/vnd.ms-outlook");
        assertThat(mail.getModality()).isEqualTo(Modality.EMAIL);
        assertThat(mail.getTitle()).isEqualTo("Briefing request");
        assertThat(mail.getEmail().getSubject()).isEqualTo("Briefing request");
        assertThat(mail.getEmail().getFrom()).isEqualTo("Dana Deputy <dana@agency.example.gov>");
        assertThat(mail.getCreator()).isEqualTo("Dana Deputy <dana@agency.example.gov>");
        assertThat(mail.getAddressees()).containsExactly("evan@agency.example.gov");
        assertThat(mail.getEmail().getSentAt()).isEqualTo(Instant.parse("2024-02-05T08:45:00Z"));
        assertThat(mail.getEmail().getMessageId()).isEqualTo("<msg-7@agency.example.gov>");
        assertThat(mail.getText()).contains("Please prepare the briefing notes.");
        assertThat(mail.getAttachments()).singleElement().satisfies(a -> {
            assertThat(a.getName()).isEqualTo("agenda.txt");
            assertThat(a.getRecordId()).isEqualTo(attachment.getRecordId());
        });
        assertThat(attachment.getParentRecordId()).isEqualTo(mail.getRecordId());
        assertThat(attachment.getFileName()).isEqualTo("agenda.txt");
        assertThat(attachment.getMediaType()).isEqualTo("text/plain");
        assertThat(attachment.getText()).isEqualTo("Agenda: budget, staffing.");
        assertThat(attachment.getSha256()).hasSize(64);
        assertThat(attachment.getContentUri()).startsWith(mail.getContentUri() + "#");
    }

    @Test
    void shouldReadOggVorbisAndOpusDurationFormatAndTags() throws Exception {
        AgencyRecord vorbis = only("council.ogg");
        assertThat(vorbis.getMediaType()).isEqualTo("audio/vorbis");
        assertThat(vorbis.getModality()).isEqualTo(Modality.AUDIO);
        assertThat(vorbis.getAudio()).satisfies(CorpusExpectations::councilOgg);
        AgencyRecord opus = only("dispatch.opus");
        assertThat(opus.getMediaType()).isEqualTo("audio/opus");
        assertThat(opus.getModality()).isEqualTo(Modality.AUDIO);
        assertThat(opus.getAudio()).satisfies(CorpusExpectations::dispatchOpus);
    }

    @Test
    void shouldReadMp4AndQuickTimeDurationDimensionsCodecAndFrameRate() throws Exception {
        AgencyRecord mp4 = only("walkthrough.mp4");
        assertThat(mp4.getMediaType()).isEqualTo("video/mp4");
        assertThat(mp4.getModality()).isEqualTo(Modality.VIDEO);
        assertThat(mp4.getVideo()).satisfies(CorpusExpectations::walkthroughMp4);
        assertThat(mp4.getCustomMetadata()).containsEntry("recordflow:audioCodec", "AAC (mp4a)");
        assertThat(mp4.getTitle()).isEqualTo("Site Walkthrough");
        // ffmpeg writes creation time 0 (1904-01-01 in QuickTime's epoch): no date rather than a false one
        assertThat(mp4.getDateCreated()).isNull();
        // the box tree covers the file, so Tika's "End of data reached." is not passed on as a warning
        assertThat(mp4.getExtractionWarnings()).isEmpty();
        AgencyRecord mov = only("lobby.mov");
        assertThat(mov.getMediaType()).isEqualTo("video/quicktime");
        assertThat(mov.getModality()).isEqualTo(Modality.VIDEO);
        assertThat(mov.getVideo()).satisfies(CorpusExpectations::lobbyMov);
        assertThat(mov.getCustomMetadata()).doesNotContainKey("recordflow:audioCodec");
        assertThat(mov.getExtractionWarnings()).containsExactly("no text: metadata only for video");
    }

    @Test
    void shouldGiveTheSameRecordIdForTheSameContentAndSource() throws Exception {
        String first = only("policy.docx").getRecordId();
        assertThat(only("policy.docx").getRecordId()).isEqualTo(first).hasSize(32);
    }
}

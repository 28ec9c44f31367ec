package io.recordflow.ingest.corpus;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one file of each supported format, with known metadata, into a directory. DOC, OGG and MP4/MOV are shipped
 * test resources (made with LibreOffice and ffmpeg, see {@code src/test/resources/io/recordflow/ingest/corpus/}),
 * everything else is generated here.
 */
public final class MixedCorpus {

    public static final String SCANNED_TEXT = "RECORDFLOW SCANNED MEMO";

    private MixedCorpus() {}

    /** Writes the corpus; returns file name to path, in a stable order. */
    public static Map<String, Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(
                "annual-report.pdf",
                DocumentFixtures.pdf(
                        "Annual Report 2023",
                        "Jane Analyst",
                        DocumentFixtures.utc(2023, 3, 15),
                        "Page one of the annual report.",
                        "Page two: budget figures."));
        files.put("scanned-memo.pdf", DocumentFixtures.scannedPdf(SCANNED_TEXT));
        files.put(
                "policy.docx",
                DocumentFixtures.docx(
                        "Records Policy",
                        "John Clerk",
                        "All records must be retained for seven years.",
                        "Disposal requires approval."));
        files.put("minutes.odt", DocumentFixtures.odt("Board Minutes", "Mary Secretary", "The board met on Tuesday."));
        files.put("notice.rtf", DocumentFixtures.rtf("Public Notice", "Press Office", "Office closed on Friday."));
        files.put("readme.txt", "Plain text record about archive boxes.\n".getBytes(StandardCharsets.UTF_8));
        files.put("page.html", DocumentFixtures.html("Agency Web Page", "Welcome to the agency portal."));
        files.put("budget.xlsx", DocumentFixtures.xlsx("Budget FY24", new String[][] {
            {"Item", "Cost"}, {"Paper", "1200"}
        }));
        files.put("budget.csv", "item,cost\npaper,1200\ntoner,300\n".getBytes(StandardCharsets.UTF_8));
        files.put("briefing.pptx", DocumentFixtures.pptx("Briefing Deck", "Quarterly briefing for the director."));
        files.put(
                "memo.eml",
                DocumentFixtures.eml(
                        "Alice Director <alice@agency.example.gov>",
                        "bob@agency.example.gov",
                        "carol@agency.example.gov",
                        "Budget memo",
                        "Please review the attached budget.",
                        "budget-notes.txt",
                        "Notes attached to the budget memo.".getBytes(StandardCharsets.UTF_8)));
        files.put(
                "bundle.zip",
                ZipFixtures.zip(
                        Map.of("inside.txt", "A text file inside a zip archive.".getBytes(StandardCharsets.UTF_8))));
        BufferedImage picture = DocumentFixtures.textImage("FIELD PHOTO");
        files.put("photo.jpg", DocumentFixtures.jpegWithExif(picture));
        files.put("diagram.png", DocumentFixtures.image(picture, "png"));
        files.put("scan.tiff", DocumentFixtures.multiPageTiff(picture, DocumentFixtures.textImage("PAGE TWO")));
        files.put(
                "interview.mp3",
                AudioFixtures.mp3(
                        "Oral History Interview", "Records Office", "Agency Histories", "2021", "Speech", 200));
        files.put("dictation.wav", AudioFixtures.wav(8_000, 1, 2.5));
        files.put(
                "hearing.flac",
                AudioFixtures.flac(
                        44_100,
                        2,
                        16,
                        44_100L * 90,
                        Map.of("TITLE", "Public Hearing", "ARTIST", "Council Clerk", "ALBUM", "Hearings 2022")));
        files.put("retention-schedule.doc", resource("retention-schedule.doc"));
        files.put(
                "briefing-request.msg",
                OutlookMsgFixtures.msg(
                        "Dana Deputy",
                        "dana@agency.example.gov",
                        "Evan Analyst",
                        "evan@agency.example.gov",
                        "Briefing request",
                        "Please prepare the briefing notes.",
                        Instant.parse("2024-02-05T08:45:00Z"),
                        "agenda.txt",
                        "Agenda: budget, staffing.".getBytes(StandardCharsets.UTF_8)));
        files.put("council.ogg", resource("council.ogg"));
        files.put("dispatch.opus", resource("dispatch.opus"));
        files.put("walkthrough.mp4", resource("walkthrough.mp4"));
        files.put("lobby.mov", resource("lobby.mov"));
        Map<String, Path> paths = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            paths.put(e.getKey(), Files.write(dir.resolve(e.getKey()), e.getValue()));
        }
        return paths;
    }

    /** A fixture shipped in src/test/resources (see the README there for how each was made). */
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MixedCorpus.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }
}

package io.recordflow.ingest.corpus;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes one file of each supported format, with known metadata, into a directory. */
public final class MixedCorpus {

  public static final String SCANNED_TEXT = "RECORDFLOW SCANNED MEMO";

  private MixedCorpus() {
  }

  /** Writes the corpus; returns file name to path, in a stable order. */
  public static Map<String, Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("annual-report.pdf", DocumentFixtures.pdf("Annual Report 2023", "Jane Analyst",
        DocumentFixtures.utc(2023, 3, 15), "Page one of the annual report.", "Page two: budget figures."));
    files.put("scanned-memo.pdf", DocumentFixtures.scannedPdf(SCANNED_TEXT));
    files.put("policy.docx", DocumentFixtures.docx("Records Policy", "John Clerk",
        "All records must be retained for seven years.", "Disposal requires approval."));
    files.put("minutes.odt", DocumentFixtures.odt("Board Minutes", "Mary Secretary", "The board met on Tuesday."));
    files.put("notice.rtf", DocumentFixtures.rtf("Public Notice", "Press Office", "Office closed on Friday."));
    files.put("readme.txt", "Plain text record about archive boxes.\n".getBytes(StandardCharsets.UTF_8));
    files.put("page.html", DocumentFixtures.html("Agency Web Page", "Welcome to the agency portal."));
    files.put("budget.xlsx", DocumentFixtures.xlsx("Budget FY24", new String[][] {{"Item", "Cost"},
        {"Paper", "1200"}}));
    files.put("budget.csv", "item,cost\npaper,1200\ntoner,300\n".getBytes(StandardCharsets.UTF_8));
    files.put("briefing.pptx", DocumentFixtures.pptx("Briefing Deck", "Quarterly briefing for the director."));
    files.put("memo.eml", DocumentFixtures.eml("Alice Director <alice@agency.example.gov>",
        "bob@agency.example.gov", "carol@agency.example.gov", "Budget memo", "Please review the attached budget.",
        "budget-notes.txt", "Notes attached to the budget memo.".getBytes(StandardCharsets.UTF_8)));
    files.put("bundle.zip", ZipFixtures.zip(Map.of("inside.txt",
        "A text file inside a zip archive.".getBytes(StandardCharsets.UTF_8))));
    BufferedImage picture = DocumentFixtures.textImage("FIELD PHOTO");
    files.put("photo.jpg", DocumentFixtures.jpegWithExif(picture));
    files.put("diagram.png", DocumentFixtures.image(picture, "png"));
    files.put("scan.tiff", DocumentFixtures.multiPageTiff(picture, DocumentFixtures.textImage("PAGE TWO")));
    files.put("interview.mp3", AudioFixtures.mp3("Oral History Interview", "Records Office", "Agency Histories",
        "2021", "Speech", 200));
    files.put("dictation.wav", AudioFixtures.wav(8_000, 1, 2.5));
    files.put("hearing.flac", AudioFixtures.flac(44_100, 2, 16, 44_100L * 90,
        Map.of("TITLE", "Public Hearing", "ARTIST", "Council Clerk", "ALBUM", "Hearings 2022")));
    Map<String, Path> paths = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      paths.put(e.getKey(), Files.write(dir.resolve(e.getKey()), e.getValue()));
    }
    return paths;
  }
}

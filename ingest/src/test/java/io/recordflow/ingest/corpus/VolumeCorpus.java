package io.recordflow.ingest.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated corpora for end-to-end runs, the same for a given seed: a mixed one (e-mails with 1-20 attachments,
 * nested zips, Office and PDF documents, scans, audio, plain text and byte-identical copies) sized in records,
 * attachments and zip members included, and a volume one of small text files.
 */
public final class VolumeCorpus {

    private static final int SCANS = 10;
    private static final int AUDIO_PER_FORMAT = 15;
    private static final int NESTED_ZIPS = 40;
    private static final int PDFS = 120;
    private static final int WORD_AND_EXCEL_EACH = 45;
    /** Fewer: POI takes about seven times as long to write a slide show as a Word document. */
    private static final int POWERPOINT = 15;

    private static final int TEXTS = 100;
    private static final int COPIES = 25;
    private static final int MAX_ATTACHMENTS = 20;
    /** A nested zip is itself, cover.txt, inner.zip, inner.zip's a.txt and b.csv, deep.zip and deep.zip's c.txt. */
    private static final int RECORDS_PER_NESTED_ZIP = 7;

    /**
     * What was written.
     *
     * @param files      files written, copies included
     * @param duplicates files whose bytes equal another file's (a run skips them as duplicates)
     * @param records    records a run ingests from the files: one per distinct file plus one per attachment or
     *                   archive member, at any depth
     */
    public record Plan(int files, int duplicates, int records) {

        /** Files with content of their own: those a first run ingests. */
        public int distinctFiles() {
            return files - duplicates;
        }
    }

    private VolumeCorpus() {}

    /** The mixed corpus in sub-folders of {@code dir}, with e-mails added until it holds at least {@code minRecords}. */
    public static Plan mixed(Path dir, long seed, int minRecords) throws IOException {
        Writer w = new Writer(dir, seed);
        w.scans();
        w.audio();
        w.nestedZips();
        w.documents();
        w.copies();
        while (w.records < minRecords) {
            w.email();
        }
        return w.plan();
    }

    /** {@code count} distinct text files of a few sentences each, in {@code dir}. */
    public static Plan smallTexts(Path dir, int count, long seed) throws IOException {
        Writer w = new Writer(dir, seed);
        for (int i = 0; i < count; i++) {
            w.file("text/note-" + i + ".txt", w.text.paragraph(3).getBytes(StandardCharsets.UTF_8), 1);
        }
        return w.plan();
    }

    /** Writes files and keeps the tally of a {@link Plan}. */
    private static final class Writer {

        private final Path dir;
        private final Random random;
        private final CorpusText text;
        private final List<Path> copyable = new ArrayList<>();
        private int files;
        private int duplicates;
        private int records;
        private int emails;

        Writer(Path dir, long seed) {
            this.dir = dir;
            this.random = new Random(seed);
            this.text = new CorpusText(random);
        }

        Plan plan() {
            return new Plan(files, duplicates, records);
        }

        Path file(String name, byte[] bytes, int recordsInIt) throws IOException {
            Path path = dir.resolve(name);
            Files.createDirectories(path.getParent());
            Files.write(path, bytes);
            files++;
            records += recordsInIt;
            return path;
        }

        void scans() throws IOException {
            for (int i = 0; i < SCANS; i++) {
                file(
                        "scans/scan-" + i + ".png",
                        DocumentFixtures.image(DocumentFixtures.textImage(text.scanLine()), "png"),
                        1);
                file("scans/scanned-" + i + ".pdf", DocumentFixtures.scannedPdf(text.scanLine()), 1);
            }
        }

        void audio() throws IOException {
            for (int i = 0; i < AUDIO_PER_FORMAT; i++) {
                file("audio/dictation-" + i + ".wav", AudioFixtures.wav(8_000, 1, 0.5 + i * 0.05), 1);
                file(
                        "audio/interview-" + i + ".mp3",
                        AudioFixtures.mp3(
                                "Interview " + i, "Records Office", "Oral Histories", "2024", "Speech", 20 + i),
                        1);
                file(
                        "audio/hearing-" + i + ".flac",
                        AudioFixtures.flac(
                                44_100,
                                2,
                                16,
                                44_100L * (10 + i),
                                Map.of("TITLE", "Hearing " + i, "ARTIST", "Council Clerk")),
                        1);
            }
        }

        void nestedZips() throws IOException {
            for (int i = 0; i < NESTED_ZIPS; i++) {
                byte[] deep = ZipFixtures.zip(Map.of("c.txt", utf8(text.paragraph(2))));
                Map<String, byte[]> inner = new LinkedHashMap<>();
                inner.put("a.txt", utf8(text.paragraph(2)));
                inner.put("b.csv", utf8("reference,amount\n" + text.sentence().replace(',', ' ') + "," + i + "\n"));
                inner.put("deep.zip", deep);
                Map<String, byte[]> outer = new LinkedHashMap<>();
                outer.put("cover.txt", utf8(text.paragraph(1)));
                outer.put("inner.zip", ZipFixtures.zip(inner));
                file("zips/transfer-" + i + ".zip", ZipFixtures.zip(outer), RECORDS_PER_NESTED_ZIP);
            }
        }

        void documents() throws IOException {
            for (int i = 0; i < PDFS; i++) {
                copyable.add(file("pdf/report-" + i + ".pdf", pdf(i), 1));
            }
            for (int i = 0; i < WORD_AND_EXCEL_EACH; i++) {
                copyable.add(file("office/memo-" + i + ".docx", docx(i), 1));
                copyable.add(file(
                        "office/budget-" + i + ".xlsx",
                        DocumentFixtures.xlsx("Budget " + i, new String[][] {
                            {"Item", "Cost"}, {text.sentence(), Integer.toString(100 + i)}
                        }),
                        1));
            }
            for (int i = 0; i < POWERPOINT; i++) {
                copyable.add(file(
                        "office/briefing-" + i + ".pptx",
                        DocumentFixtures.pptx("Briefing " + i, text.paragraph(2)),
                        1));
            }
            for (int i = 0; i < TEXTS; i++) {
                copyable.add(file("text/note-" + i + ".txt", utf8(text.paragraph(3)), 1));
            }
        }

        /** Byte-identical copies of earlier files under other names: a run ingests each content once. */
        void copies() throws IOException {
            for (int i = 0; i < COPIES; i++) {
                Path original = copyable.get(random.nextInt(copyable.size()));
                file("copies/copy-" + i + "-" + original.getFileName(), Files.readAllBytes(original), 0);
                duplicates++;
            }
        }

        void email() throws IOException {
            int n = text.between(1, MAX_ATTACHMENTS);
            Map<String, byte[]> attachments = new LinkedHashMap<>();
            for (int a = 0; a < n; a++) {
                int key = emails * 100 + a;
                switch (a % 4) {
                    case 0 -> attachments.put("notes-" + a + ".txt", utf8(text.paragraph(2)));
                    case 1 ->
                        attachments.put(
                                "figures-" + a + ".csv",
                                utf8("reference,amount\n" + text.sentence().replace(',', ' ') + "," + key + "\n"));
                    case 2 -> attachments.put("report-" + a + ".pdf", pdf(key));
                    default -> attachments.put("memo-" + a + ".docx", docx(key));
                }
            }
            file(
                    "mail/message-" + emails + ".eml",
                    DocumentFixtures.eml(
                            "Records Desk <desk@agency.example.gov>",
                            "officer@agency.example.gov",
                            "archive@agency.example.gov",
                            "Transfer " + emails,
                            text.paragraph(2),
                            attachments),
                    1 + n);
            emails++;
        }

        private byte[] pdf(int i) throws IOException {
            return DocumentFixtures.pdf(
                    "Report " + i,
                    "Jane Analyst",
                    DocumentFixtures.utc(2024, 1 + i % 12, 1 + i % 28),
                    text.paragraph(2));
        }

        private byte[] docx(int i) throws IOException {
            return DocumentFixtures.docx("Memo " + i, "John Clerk", text.paragraph(2), text.paragraph(1));
        }

        private static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}

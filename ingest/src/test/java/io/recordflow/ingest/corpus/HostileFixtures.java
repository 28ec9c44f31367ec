package io.recordflow.ingest.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;

/** Hostile inputs generated on the fly (issue 13's corpus): nothing binary is committed. */
public final class HostileFixtures {

    /** What the JavaScript of {@link #pdfWithOpenActionJavaScript} would write if anything ran it. */
    public static final String JS_MARKER = "recordflow-js-ran";

    private HostileFixtures() {}

    /** A one-page PDF whose catalog's /OpenAction is a /JavaScript action. */
    public static byte[] pdfWithOpenActionJavaScript(String text) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            doc.getDocumentCatalog()
                    .setOpenAction(new PDActionJavaScript(
                            "app.alert('" + JS_MARKER + "'); this.exportDataObject({cName: 'x', nLaunch: 2});"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /**
     * A PNG of a few kilobytes whose header claims {@code width} x {@code height} 8-bit grey pixels; its image data
     * holds only the first rows (a decoder that trusts the header allocates width x height bytes before reading).
     */
    public static byte[] pngClaiming(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[width + 1]; // filter byte 0 and black pixels
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
            for (int i = 0; i < 16; i++) {
                deflate.write(row);
            }
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * An MP3 whose ID3v2.3 tag carries a title frame of {@code titleChars} characters and a comment frame of the
     * same size (a 10 MB tag for 5,000,000 each), followed by a few silent frames.
     */
    public static byte[] mp3WithHugeId3Tag(int titleChars) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        byte[] title = ("\0" + "T".repeat(titleChars)).getBytes(StandardCharsets.ISO_8859_1);
        frame(frames, "TIT2", title);
        byte[] comment = ("\0eng\0" + "C".repeat(titleChars)).getBytes(StandardCharsets.ISO_8859_1);
        frame(frames, "COMM", comment);
        int size = frames.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {
            'I',
            'D',
            '3',
            3,
            0,
            0,
            (byte) ((size >> 21) & 0x7f),
            (byte) ((size >> 14) & 0x7f),
            (byte) ((size >> 7) & 0x7f),
            (byte) (size & 0x7f)
        });
        out.writeBytes(frames.toByteArray());
        byte[] mpegFrame = new byte[417];
        mpegFrame[0] = (byte) 0xFF;
        mpegFrame[1] = (byte) 0xFB;
        mpegFrame[2] = (byte) 0x90;
        for (int i = 0; i < 40; i++) {
            out.writeBytes(mpegFrame);
        }
        return out.toByteArray();
    }

    private static void frame(ByteArrayOutputStream out, String id, byte[] body) {
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
        out.writeBytes(new byte[2]);
        out.writeBytes(body);
    }

    /** A MIME message with {@code count} small text attachments named attachment-001.txt and so on. */
    public static byte[] emlWithAttachments(int count) {
        Map<String, byte[]> attachments = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            attachments.put(
                    String.format("attachment-%03d.txt", i),
                    ("Attachment number " + i + " of the flood.").getBytes(StandardCharsets.UTF_8));
        }
        return DocumentFixtures.eml(
                "flood@agency.example.gov",
                "records@agency.example.gov",
                "",
                "Five hundred attachments",
                "See the attached files.",
                attachments);
    }

    /** A zip whose entry names try to leave the extraction folder: relative traversal and an absolute path. */
    public static byte[] zipWithTraversalNames() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("../../evil.txt", "relative traversal payload".getBytes(StandardCharsets.UTF_8));
        entries.put("/abs/evil.txt", "absolute path payload".getBytes(StandardCharsets.UTF_8));
        entries.put("good.txt", "an ordinary member".getBytes(StandardCharsets.UTF_8));
        return ZipFixtures.zip(entries);
    }
}

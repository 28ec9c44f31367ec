package io.recordflow.ingest.corpus;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Generates documents and images with known metadata. */
public final class DocumentFixtures {

    private DocumentFixtures() {}

    public static Calendar utc(int year, int month, int day) {
        Calendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        c.clear();
        c.set(year, month - 1, day, 9, 30, 0);
        return c;
    }

    /** A text PDF, one page per string. */
    public static byte[] pdf(String title, String author, Calendar created, String... pages) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            fillPdf(doc, title, author, created, pages);
            return save(doc);
        }
    }

    /** An encrypted PDF; an empty user password means anyone may open it (owner-password-only). */
    public static byte[] encryptedPdf(String userPassword, String ownerPassword, String text) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            fillPdf(doc, "Encrypted", "Security Office", utc(2023, 5, 1), text);
            AccessPermission permissions = new AccessPermission();
            permissions.setCanModify(false);
            StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, userPassword, permissions);
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            return save(doc);
        }
    }

    /** A PDF whose only page is a picture of text: a scan, which needs OCR. */
    public static byte[] scannedPdf(String text) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            BufferedImage image = textImage(text);
            PDPage page = new PDPage();
            doc.addPage(page);
            PDImageXObject xobject = LosslessFactory.createFromImage(doc, image);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.drawImage(xobject, 36, 500, image.getWidth() / 2f, image.getHeight() / 2f);
            }
            return save(doc);
        }
    }

    private static void fillPdf(PDDocument doc, String title, String author, Calendar created, String... pages)
            throws IOException {
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(title);
        info.setAuthor(author);
        info.setCreationDate(created);
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        for (String text : pages) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(font, 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
        }
    }

    private static byte[] save(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    public static byte[] docx(String title, String creator, String... paragraphs) throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.getProperties().getCoreProperties().setTitle(title);
            doc.getProperties().getCoreProperties().setCreator(creator);
            for (String p : paragraphs) {
                doc.createParagraph().createRun().setText(p);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.write(out);
            return out.toByteArray();
        }
    }

    public static byte[] xlsx(String title, String[][] rows) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            book.getProperties().getCoreProperties().setTitle(title);
            var sheet = book.createSheet("Budget");
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            return out.toByteArray();
        }
    }

    public static byte[] pptx(String title, String slideText) throws IOException {
        try (XMLSlideShow show = new XMLSlideShow()) {
            show.getProperties().getCoreProperties().setTitle(title);
            XSLFTextBox box = show.createSlide().createTextBox();
            box.setText(slideText);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            show.write(out);
            return out.toByteArray();
        }
    }

    /** A minimal OpenDocument text file (mimetype stored first, manifest, content, meta). */
    public static byte[] odt(String title, String creator, String text) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("mimetype", "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII));
        entries.put(
                "META-INF/manifest.xml",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
                                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                                + "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
                                + "</manifest:manifest>")
                        .getBytes(StandardCharsets.UTF_8));
        entries.put(
                "content.xml",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                                + "<office:body><office:text><text:p>" + text + "</text:p></office:text></office:body>"
                                + "</office:document-content>")
                        .getBytes(StandardCharsets.UTF_8));
        entries.put(
                "meta.xml",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                + "<office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                                + " xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""
                                + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.2\"><office:meta>"
                                + "<dc:title>" + title + "</dc:title><meta:initial-creator>" + creator
                                + "</meta:initial-creator>"
                                + "<dc:creator>" + creator + "</dc:creator>"
                                + "<meta:creation-date>2022-03-04T10:00:00</meta:creation-date>"
                                + "</office:meta></office:document-meta>")
                        .getBytes(StandardCharsets.UTF_8));
        return ZipFixtures.zip(entries);
    }

    public static byte[] rtf(String title, String author, String text) {
        return ("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}{\\info{\\title " + title + "}{\\author " + author
                        + "}}\\f0 " + text + "\\par}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] html(String title, String body) {
        return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title
                        + "</title><meta name=\"author\" content=\"Web Team\"></head><body><p>" + body
                        + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A MIME message with a text body and one attached file. */
    public static byte[] eml(
            String from, String to, String cc, String subject, String body, String attachmentName, byte[] attachment) {
        return eml(from, to, cc, subject, body, Map.of(attachmentName, attachment));
    }

    /** A MIME message with a text body and the attached files, in the map's order. */
    public static byte[] eml(
            String from, String to, String cc, String subject, String body, Map<String, byte[]> attachments) {
        String boundary = "rf-boundary-1";
        StringBuilder message = new StringBuilder("From: " + from + "\r\nTo: " + to + "\r\nCc: " + cc + "\r\nSubject: "
                + subject + "\r\nDate: Tue, 02 Jan 2024 10:15:00 +0000\r\nMessage-ID: <memo-42@agency.example.gov>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n");
        attachments.forEach((name, bytes) -> message.append("--")
                .append(boundary)
                .append("\r\nContent-Type: application/octet-stream; name=\"")
                .append(name)
                .append("\"\r\n")
                .append("Content-Disposition: attachment; filename=\"")
                .append(name)
                .append("\"\r\n")
                .append("Content-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString(bytes))
                .append("\r\n"));
        message.append("--").append(boundary).append("--\r\n");
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Black text on white, large enough for tesseract. */
    public static BufferedImage textImage(String text) {
        BufferedImage image = new BufferedImage(1400, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 56));
        g.drawString(text, 40, 120);
        g.dispose();
        return image;
    }

    public static byte[] image(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    public static byte[] jpegWithExif(BufferedImage image) throws IOException {
        return ExifJpeg.withExif(
                image(image, "jpeg"), "Canon", "Canon EOS 5D", "2023:07:14 16:20:00", 38.8977, -77.0365, 18.5);
    }

    /** A multi-page TIFF, one page per image. */
    public static byte[] multiPageTiff(BufferedImage... pages) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (BufferedImage page : pages) {
                writer.writeToSequence(new IIOImage(page, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}

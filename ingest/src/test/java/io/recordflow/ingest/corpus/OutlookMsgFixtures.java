package io.recordflow.ingest.corpus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Writes an Outlook item (.msg) as Outlook stores it ([MS-OXMSG]): an OLE2 compound file whose properties are
 * streams named {@code __substg1.0_<tag>} (variable-length values) plus a {@code __properties_version1.0} stream
 * (fixed-length values), with one storage per recipient and per attachment. Written with POI's POIFS, which only
 * knows OLE2, not MSG, so the reader side (POI HSMF inside Tika) is exercised on a file it did not write.
 */
public final class OutlookMsgFixtures {

    private static final int PT_UNICODE = 0x001F;
    private static final int PT_BINARY = 0x0102;
    private static final int PT_LONG = 0x0003;
    private static final int PT_SYSTIME = 0x0040;
    /** PROPATTR_READABLE | PROPATTR_WRITABLE. */
    private static final int FLAGS = 0x6;

    private OutlookMsgFixtures() {}

    /** One message, one To recipient, one attachment by value. Times are UTC. */
    public static byte[] msg(
            String fromName,
            String fromEmail,
            String toName,
            String toEmail,
            String subject,
            String body,
            Instant sent,
            String attachmentName,
            byte[] attachment)
            throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            DirectoryEntry root = fs.getRoot();
            String date =
                    java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(sent.atZone(java.time.ZoneOffset.UTC));
            String headers = "From: " + fromName + " <" + fromEmail + ">\r\nTo: " + toName + " <" + toEmail + ">\r\n"
                    + "Subject: " + subject + "\r\nDate: " + date + "\r\n"
                    + "Message-ID: <msg-7@agency.example.gov>\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n";
            string(root, 0x001A, "IPM.Note"); // PR_MESSAGE_CLASS
            string(root, 0x0037, subject); // PR_SUBJECT
            string(root, 0x0070, subject); // PR_CONVERSATION_TOPIC
            string(root, 0x0C1A, fromName); // PR_SENDER_NAME
            string(root, 0x0C1F, fromEmail); // PR_SENDER_EMAIL_ADDRESS
            string(root, 0x0C1E, "SMTP"); // PR_SENDER_ADDRTYPE
            string(root, 0x0042, fromName); // PR_SENT_REPRESENTING_NAME
            string(root, 0x0E04, toName); // PR_DISPLAY_TO
            string(root, 0x1000, body); // PR_BODY
            string(root, 0x007D, headers); // PR_TRANSPORT_MESSAGE_HEADERS
            string(root, 0x1035, "<msg-7@agency.example.gov>"); // PR_INTERNET_MESSAGE_ID

            ByteArrayOutputStream props = new ByteArrayOutputStream();
            // top-level header: reserved(8), next recipient id, next attachment id, recipient count,
            // attachment count, reserved(8)
            props.writeBytes(le(0, 0, 1, 1, 1, 1, 0, 0));
            fixed(props, 0x0039, PT_SYSTIME, fileTime(sent)); // PR_CLIENT_SUBMIT_TIME
            fixed(props, 0x0E06, PT_SYSTIME, fileTime(sent)); // PR_MESSAGE_DELIVERY_TIME
            fixed(props, 0x0E07, PT_LONG, 0x1 | 0x10); // PR_MESSAGE_FLAGS: read, has attachment
            document(root, "__properties_version1.0", props.toByteArray());

            DirectoryEntry recipient = root.createDirectory("__recip_version1.0_#00000000");
            string(recipient, 0x3001, toName); // PR_DISPLAY_NAME
            string(recipient, 0x3003, toEmail); // PR_EMAIL_ADDRESS
            string(recipient, 0x3002, "SMTP"); // PR_ADDRTYPE
            string(recipient, 0x39FE, toEmail); // PR_SMTP_ADDRESS
            ByteArrayOutputStream recipientProps = new ByteArrayOutputStream();
            recipientProps.writeBytes(new byte[8]);
            fixed(recipientProps, 0x0C15, PT_LONG, 1); // PR_RECIPIENT_TYPE: MAPI_TO
            fixed(recipientProps, 0x3000, PT_LONG, 0); // PR_ROWID
            document(recipient, "__properties_version1.0", recipientProps.toByteArray());

            DirectoryEntry attach = root.createDirectory("__attach_version1.0_#00000000");
            string(attach, 0x3704, attachmentName); // PR_ATTACH_FILENAME
            string(attach, 0x3707, attachmentName); // PR_ATTACH_LONG_FILENAME
            string(attach, 0x3001, attachmentName); // PR_DISPLAY_NAME
            string(attach, 0x370E, "text/plain"); // PR_ATTACH_MIME_TAG
            string(attach, 0x3703, extension(attachmentName)); // PR_ATTACH_EXTENSION
            document(attach, name(0x3701, PT_BINARY), attachment); // PR_ATTACH_DATA_BIN
            ByteArrayOutputStream attachProps = new ByteArrayOutputStream();
            attachProps.writeBytes(new byte[8]);
            fixed(attachProps, 0x3705, PT_LONG, 1); // PR_ATTACH_METHOD: ATTACH_BY_VALUE
            fixed(attachProps, 0x0E20, PT_LONG, attachment.length); // PR_ATTACH_SIZE
            fixed(attachProps, 0x0E21, PT_LONG, 0); // PR_ATTACH_NUM
            document(attach, "__properties_version1.0", attachProps.toByteArray());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }

    private static String name(int id, int type) {
        return String.format("__substg1.0_%04X%04X", id, type);
    }

    private static void string(DirectoryEntry dir, int id, String value) throws IOException {
        // PT_UNICODE values are UTF-16LE with a terminating NUL character
        document(dir, name(id, PT_UNICODE), (value + "\0").getBytes(StandardCharsets.UTF_16LE));
    }

    private static void document(DirectoryEntry dir, String name, byte[] bytes) throws IOException {
        dir.createDocument(name, new ByteArrayInputStream(bytes));
    }

    /** A 16-byte fixed-length property entry: tag (type | id << 16), flags, 8-byte value. */
    private static void fixed(ByteArrayOutputStream out, int id, int type, long value) {
        out.writeBytes(ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt((id << 16) | type)
                .putInt(FLAGS)
                .putLong(value)
                .array());
    }

    /** 100-ns intervals since 1601-01-01 UTC. */
    private static long fileTime(Instant t) {
        return (t.getEpochSecond() + 11_644_473_600L) * 10_000_000L + t.getNano() / 100;
    }

    private static byte[] le(int... ints) {
        ByteBuffer b = ByteBuffer.allocate(ints.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : ints) {
            b.putInt(i);
        }
        return b.array();
    }
}

package io.recordflow.app.dlq;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A one-line description of opaque bytes: size, and a UTF-8 preview when they are readable text, otherwise a hex
 * preview (naming Confluent's wire format when the bytes carry its header).
 */
public final class BytesPreview {

    static final int MAX_TEXT_CHARS = 120;
    static final int MAX_HEX_BYTES = 32;

    private BytesPreview() {}

    public static String describe(ByteBuffer buffer) {
        if (buffer == null) {
            return "(none)";
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return describe(bytes);
    }

    public static String describe(byte[] bytes) {
        if (bytes == null) {
            return "(none)";
        }
        String size = bytes.length + (bytes.length == 1 ? " byte" : " bytes");
        if (bytes.length == 0) {
            return size;
        }
        String text = readableText(bytes);
        if (text != null) {
            String shown = text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) + "…" : text;
            return size + ", utf-8: \""
                    + shown.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
        }
        int shownBytes = Math.min(bytes.length, MAX_HEX_BYTES);
        String hex =
                HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shownBytes) + (bytes.length > shownBytes ? " …" : "");
        return size + wireFormat(bytes) + ", hex: " + hex;
    }

    private static String wireFormat(byte[] bytes) {
        if (bytes.length > 5 && bytes[0] == 0) {
            return " (Confluent wire format, schema id "
                    + ByteBuffer.wrap(bytes, 1, 4).getInt() + ")";
        }
        return "";
    }

    /** The bytes as text when they are valid UTF-8 without control characters other than whitespace. */
    private static String readableText(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            String text = chars.toString();
            boolean printable = text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t');
            return printable ? text : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

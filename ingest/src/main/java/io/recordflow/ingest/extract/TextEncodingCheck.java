package io.recordflow.ingest.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells whether a file is valid UTF-8; Tika silently decodes invalid UTF-8 as ISO-8859-1. */
final class TextEncodingCheck {

    private static final int MAX_CHECKED_BYTES = 8 * 1024 * 1024;

    private TextEncodingCheck() {}

    /** Checks the first 8 MiB, enough to judge and bounded for huge files. */
    static boolean isValidUtf8(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAX_CHECKED_BYTES);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(head);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            var result = decoder.decode(in, out, head.length < MAX_CHECKED_BYTES);
            if (result.isError()) {
                // a multi-byte sequence cut at the 8 MiB boundary is not an error
                return in.remaining() < 4 && head.length == MAX_CHECKED_BYTES;
            }
            if (result.isUnderflow()) {
                return true;
            }
            out.clear();
        }
    }
}

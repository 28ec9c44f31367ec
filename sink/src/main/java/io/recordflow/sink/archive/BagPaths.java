package io.recordflow.sink.archive;

import java.nio.charset.StandardCharsets;

/** Portable names inside a bag (NARA Bulletin 2015-04 Appendix B style) and BagIt 1.0 manifest path encoding. */
final class BagPaths {

    private static final int MAX_NAME = 200;

    private BagPaths() {}

    /** A directory name for a record id: letters, digits, '-', '_' and inner '.' kept, the rest percent-encoded. */
    static String encodeSegment(String value) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z')
                    || (b >= 'A' && b <= 'Z')
                    || (b >= '0' && b <= '9')
                    || b == '-'
                    || b == '_'
                    || (b == '.' && i > 0);
            out.append(plain ? String.valueOf((char) b) : String.format("%%%02X", b));
        }
        return out.toString();
    }

    /** The original's file name without directories or unportable characters; "original" when unknown. */
    static String safeFileName(String fileName) {
        if (fileName == null) {
            return "original";
        }
        String last = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        if (safe.isEmpty()) {
            return "original";
        }
        return safe.length() > MAX_NAME ? safe.substring(safe.length() - MAX_NAME) : safe;
    }

    /**
     * A record's value on one line of a "Label: value" file: '%' and every control character (line breaks, ESC)
     * percent-encoded, so a file name cannot add lines of its own.
     */
    static String oneLine(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(c == '%' || Character.isISOControl(c) ? String.format("%%%02X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** BagIt 1.0 section 2.1.3: CR, LF and '%' in manifest paths are percent-encoded. */
    static String manifestPath(String path) {
        return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }
}

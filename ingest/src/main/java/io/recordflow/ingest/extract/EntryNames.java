package io.recordflow.ingest.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * Names of archive members and attachments as a record may carry them: a name that climbs out of its container
 * ({@code ../../evil.txt}) or is absolute ({@code /abs/evil.txt}, {@code C:\evil.txt}) is reduced to its plain
 * relative part, so no consumer that writes members out under their names can be led outside its folder.
 */
final class EntryNames {

    private EntryNames() {}

    /** The name without leading roots, drive letters, "." and ".." segments; null stays null. */
    static String safe(String name) {
        if (name == null) {
            return null;
        }
        String unified = name.replace('\\', '/');
        if (unified.length() >= 2 && unified.charAt(1) == ':' && Character.isLetter(unified.charAt(0))) {
            unified = unified.substring(2);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : unified.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".") && !segment.equals("..")) {
                segments.add(segment);
            }
        }
        String safe = String.join("/", segments);
        if (safe.equals(unified)) {
            return name; // plain already (backslashes in a plain name are left as the archive wrote them)
        }
        return safe.isEmpty() ? "entry" : safe;
    }

    /** The name in quotes with control characters escaped, for one-line warnings. */
    static String quoted(String name) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : String.valueOf(name).toCharArray()) {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Control characters (line breaks, ESC) percent-encoded, as a file's own URI has them. */
    static String percentEncodeControls(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : String.valueOf(path).toCharArray()) {
            if (Character.isISOControl(c)) {
                out.append(String.format("%%%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

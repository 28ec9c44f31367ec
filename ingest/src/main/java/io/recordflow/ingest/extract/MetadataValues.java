package io.recordflow.ingest.extract;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tika.metadata.Metadata;

/** Lenient reads of Tika metadata: parsers disagree on key names and number formats, so each read tries several. */
final class MetadataValues {

    /**
     * Longest metadata value a record carries: tags are written by whoever made the file (a 10 MB ID3 title), and
     * the record must stay far below the broker's message limit.
     */
    static final int MAX_CHARS = 1_000;
    /** Most values of one multi-valued field (keywords, addressees) a record carries. */
    static final int MAX_VALUES = 200;

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private final Metadata metadata;
    private final Set<String> truncated = new LinkedHashSet<>();

    MetadataValues(Metadata metadata) {
        this.metadata = metadata;
    }

    String first(String... keys) {
        for (String key : keys) {
            String v = metadata.get(key);
            if (v != null && !v.isBlank()) {
                return bounded(key, v.trim());
            }
        }
        return null;
    }

    /** Keys whose value was cut to {@link #MAX_CHARS} by {@link #first} or {@link #all}. */
    Set<String> truncated() {
        return truncated;
    }

    private String bounded(String key, String value) {
        if (value.length() <= MAX_CHARS) {
            return value;
        }
        truncated.add(key);
        return value.substring(0, MAX_CHARS);
    }

    List<String> all(String... keys) {
        LinkedHashSet<String> values = new LinkedHashSet<>();
        for (String key : keys) {
            for (String v : metadata.getValues(key)) {
                if (v != null && !v.isBlank() && values.size() < MAX_VALUES) {
                    values.add(bounded(key, v.trim()));
                }
            }
        }
        return new ArrayList<>(values);
    }

    Integer integer(String... keys) {
        Double d = number(keys);
        return d == null ? null : (int) Math.round(d);
    }

    Long longValue(String... keys) {
        Double d = number(keys);
        return d == null ? null : Math.round(d);
    }

    Double number(String... keys) {
        for (String key : keys) {
            String v = metadata.get(key);
            if (v == null) {
                continue;
            }
            // "72 dots per inch", "600 pixels", "44100.0"
            Matcher m = NUMBER.matcher(v);
            if (m.find()) {
                return Double.parseDouble(m.group());
            }
        }
        return null;
    }

    Instant date(String... keys) {
        for (String key : keys) {
            String v = first(key);
            if (v == null) {
                continue;
            }
            Instant parsed = parseDate(v);
            if (parsed != null) {
                return parsed;
            }
        }
        return null;
    }

    /**
     * Zero in the two epochs Office and QuickTime count from: what their writers store for "no date" (FILETIME 0
     * for an unset modification or print date in a .doc, 0 in an MP4/MOV {@code mvhd} written by ffmpeg).
     */
    private static final Set<Instant> UNSET =
            Set.of(Instant.parse("1601-01-01T00:00:00Z"), Instant.parse("1904-01-01T00:00:00Z"));

    private static Instant parseDate(String v) {
        Instant parsed = parseAny(v);
        return parsed == null || UNSET.contains(parsed) ? null : parsed;
    }

    private static Instant parseAny(String v) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            // not ISO-8601 with zone: try local date-time (EXIF has no zone; read as UTC)
        }
        try {
            return LocalDateTime.parse(v.replace(' ', 'T').replace("Z", "")).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

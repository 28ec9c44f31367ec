package io.recordflow.ingest.extract;

import io.recordflow.ingest.config.IngestConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.sax.AbstractRecursiveParserWrapperHandler;

/** Turns Tika's exception and limit markers on one document into one-line warnings for records officers. */
final class ExtractionWarnings {

    private ExtractionWarnings() {}

    static List<String> of(Metadata m, int writeLimitChars) {
        List<String> warnings = new ArrayList<>();
        for (String name : m.names()) {
            if (!name.startsWith(TikaCoreProperties.TIKA_META_EXCEPTION_PREFIX)) {
                continue;
            }
            String kind = name.substring(TikaCoreProperties.TIKA_META_EXCEPTION_PREFIX.length());
            for (String value : m.getValues(name)) {
                warnings.add(describe(kind, value, writeLimitChars));
            }
        }
        if (Boolean.parseBoolean(m.get(TikaCoreProperties.WRITE_LIMIT_REACHED))
                && warnings.stream().noneMatch(w -> w.startsWith("text extraction stopped"))) {
            warnings.add("text extraction stopped at the write limit of " + writeLimitChars + " characters");
        }
        if (Boolean.parseBoolean(m.get(AbstractRecursiveParserWrapperHandler.EMBEDDED_RESOURCE_LIMIT_REACHED))) {
            warnings.add("embedded-document limit reached (" + IngestConfig.MAX_EMBEDDED + "): further"
                    + " attachments/members were not parsed and have no records of their own; the original keeps them");
        }
        return warnings;
    }

    private static String describe(String kind, String value, int writeLimitChars) {
        String first = firstLine(value);
        return switch (kind) {
            case "write_limit_reached" ->
                "text extraction stopped at the write limit of " + writeLimitChars + " characters";
            case "embedded_exception" -> "embedded document could not be parsed: " + first;
            case "embedded_stream_exception" -> "embedded stream could not be read: " + first;
            case "embedded_warning", "warn" -> "parser warning: " + first;
            case "container_exception" -> "parse ended early, text may be partial: " + first;
            default -> kind + ": " + first;
        };
    }

    static String firstLine(String stackTrace) {
        if (stackTrace == null) {
            return "";
        }
        String line = stackTrace.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}

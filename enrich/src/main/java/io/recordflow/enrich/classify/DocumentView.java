package io.recordflow.enrich.classify;

import io.recordflow.records.AgencyRecord;
import java.util.ArrayList;
import java.util.List;

/** The parts of a record the model sees: trusted metadata lines and the (untrusted) text to classify. */
public record DocumentView(String metadata, String text) {

    /** Metadata lines from the record and the given text (full text, or a summary for long documents). */
    public static DocumentView of(AgencyRecord record, String text) {
        List<String> lines = new ArrayList<>();
        add(lines, "File name", record.getFileName());
        add(lines, "Media type", record.getMediaType());
        add(
                lines,
                "Modality",
                record.getModality() == null ? null : record.getModality().name());
        add(lines, "Agency", record.getAgency());
        add(lines, "Office", record.getOffice());
        if (record.getEmail() != null) {
            add(lines, "E-mail from", record.getEmail().getFrom());
        }
        // Titles and subjects come from inside the document: they are data, so they stay inside the delimiters.
        return new DocumentView(String.join("\n", lines), text);
    }

    private static void add(List<String> lines, String name, String value) {
        if (value != null && !value.isBlank()) {
            lines.add(name + ": " + value.replaceAll("[\\r\\n]+", " "));
        }
    }
}

package io.recordflow.sink.archive;

import io.recordflow.sink.record.EnrichedStruct;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pipe-delimited metadata file NARA Bulletin 2015-04 asks to accompany a transfer of permanent electronic
 * records: its minimum elements first (File Name, Record ID, Title, Description, Creator, Creation Date, Rights,
 * Coverage, Relation, Subject), then RecordFlow's classification, retention and fixity columns.
 */
final class NaraMetadataCsv {

    static final String FILE_NAME = "metadata.csv";
    static final char DELIMITER = '|';

    /** One column and how it is read from a record and the path of its original inside the bag. */
    record Column(String header, Function<Row, String> value) {}

    /** A record being described, with where its original sits in the bag. */
    record Row(EnrichedStruct record, String originalPath) {}

    static final List<Column> COLUMNS = List.of(
            new Column("File Name", r -> r.originalPath()),
            new Column("Record ID", r -> r.record().recordId()),
            new Column(
                    "Title",
                    r -> first(r.record().string("record.title"), r.record().string("record.fileName"))),
            new Column(
                    "Description",
                    r -> first(
                            r.record().string("record.description"), r.record().string("summary"))),
            new Column(
                    "Creator",
                    r -> first(
                            r.record().string("record.creator"),
                            r.record().string("record.originatingOrganization"),
                            r.record().string("record.agency"))),
            new Column("Creation Date", r -> date(r.record().instant("record.dateCreated"))),
            new Column("Rights", r -> rights(r.record())),
            new Column("Coverage", r -> null),
            new Column("Relation", r -> relation(r.record())),
            new Column("Subject", r -> String.join("; ", strings(r.record(), "record.subjects"))),
            new Column("Date Received", r -> date(r.record().instant("record.dateReceived"))),
            new Column("Agency", r -> r.record().string("record.agency")),
            new Column("Office", r -> r.record().string("record.office")),
            new Column("Media Type", r -> r.record().string("record.mediaType")),
            new Column("Format", r -> r.record().string("record.format")),
            new Column("Size Bytes", r -> String.valueOf(r.record().longValue("record.sizeBytes"))),
            new Column("SHA-256", r -> r.record().string("record.sha256")),
            new Column("Classification Code", r -> r.record().string("classification.code")),
            new Column("Classification Label", r -> r.record().string("classification.label")),
            new Column(
                    "Classification Confidence",
                    r -> String.valueOf(r.record().doubleValue("classification.confidence"))),
            new Column("Schedule Item", r -> r.record().string("retention.scheduleItem")),
            new Column("Disposition", r -> r.record().string("retention.disposition")),
            new Column("Retention Period", r -> r.record().string("retention.retentionPeriod")),
            new Column("Disposition Date", r -> {
                LocalDate date = r.record().date("retention.dispositionDate");
                return date == null ? null : date.toString();
            }),
            new Column(
                    "Enriched At", r -> r.record().requiredInstant("enrichedAt").toString()),
            new Column("Model", r -> r.record().modelVersion()));

    private NaraMetadataCsv() {}

    static String header() {
        return COLUMNS.stream()
                        .map(Column::header)
                        .map(NaraMetadataCsv::quote)
                        .collect(Collectors.joining(String.valueOf(DELIMITER)))
                + "\r\n";
    }

    static String line(Row row) {
        return COLUMNS.stream()
                        .map(c -> quote(c.value().apply(row)))
                        .collect(Collectors.joining(String.valueOf(DELIMITER)))
                + "\r\n";
    }

    /** RFC 4180 quoting with the pipe as delimiter. */
    static String quote(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(DELIMITER) < 0
                && value.indexOf('"') < 0
                && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String date(Instant instant) {
        return instant == null
                ? null
                : LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static String rights(EnrichedStruct record) {
        List<String> exemptions = strings(record, "sensitivity.foiaExemptions");
        StringBuilder rights = new StringBuilder();
        if (Boolean.TRUE.equals(record.bool("sensitivity.cui"))) {
            rights.append("Controlled Unclassified Information");
        }
        if (Boolean.TRUE.equals(record.bool("sensitivity.pii"))) {
            rights.append(rights.isEmpty() ? "" : "; ").append("Contains PII");
        }
        if (!exemptions.isEmpty()) {
            rights.append(rights.isEmpty() ? "" : "; ")
                    .append("Possible FOIA exemptions: ")
                    .append(String.join(", ", exemptions));
        }
        return rights.isEmpty() ? null : rights.toString();
    }

    private static String relation(EnrichedStruct record) {
        String parent = record.string("record.parentRecordId");
        return parent == null ? null : "Part of " + parent;
    }

    private static List<String> strings(EnrichedStruct record, String path) {
        return record.list(path).stream().map(String::valueOf).toList();
    }
}

package io.recordflow.sink.jdbc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordflow.sink.record.EnrichedStruct;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * The typed columns of the records table and how each is read from an {@code EnrichedRecord}: core
 * NARA/DoD 5015.2 metadata and the classification get their own columns, everything else stays queryable in
 * the {@code attributes} JSONB column.
 */
final class RecordColumns {

    /** One column: name, PostgreSQL type, extra DDL (constraints), and its value for a record. */
    record Column(String name, String sqlType, String constraints, Function<EnrichedStruct, Object> value) {
        String placeholder() {
            return "jsonb".equals(sqlType) ? "?::jsonb" : "?";
        }
    }

    static final String RECORD_ID = "record_id";
    static final String ENRICHED_AT = "enriched_at";
    static final String MODEL_VERSION = "model_version";
    static final String ATTRIBUTES = "attributes";

    static final List<Column> ALL = List.of(
            new Column(RECORD_ID, "text", "PRIMARY KEY", EnrichedStruct::recordId),
            new Column("title", "text", "", r -> r.string("record.title")),
            new Column("creator", "text", "", r -> r.string("record.creator")),
            new Column("originating_organization", "text", "", r -> r.string("record.originatingOrganization")),
            new Column("agency", "text", "", r -> r.string("record.agency")),
            new Column("office", "text", "", r -> r.string("record.office")),
            new Column("source_uri", "text", "NOT NULL", r -> r.requiredString("record.sourceUri")),
            new Column("source_system", "text", "", r -> r.string("record.sourceSystem")),
            new Column("parent_record_id", "text", "", r -> r.string("record.parentRecordId")),
            new Column("modality", "text", "NOT NULL", r -> r.requiredString("record.modality")),
            new Column("media_type", "text", "NOT NULL", r -> r.requiredString("record.mediaType")),
            new Column("file_name", "text", "", r -> r.string("record.fileName")),
            new Column(
                    "size_bytes", "bigint", "NOT NULL CHECK (size_bytes >= 0)", r -> r.longValue("record.sizeBytes")),
            new Column(
                    "sha256",
                    "text",
                    "NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$')",
                    r -> r.requiredString("record.sha256")),
            new Column("content_uri", "text", "NOT NULL", r -> r.requiredString("record.contentUri")),
            new Column("language", "text", "", r -> firstNonNull(r.string("language"), r.string("record.language"))),
            new Column("date_created", "timestamptz", "", r -> timestamp(r.instant("record.dateCreated"))),
            new Column("date_received", "timestamptz", "", r -> timestamp(r.instant("record.dateReceived"))),
            new Column(
                    "ingested_at", "timestamptz", "NOT NULL", r -> timestamp(r.requiredInstant("record.ingestedAt"))),
            new Column("classification_code", "text", "NOT NULL", r -> r.requiredString("classification.code")),
            new Column("classification_label", "text", "NOT NULL", r -> r.requiredString("classification.label")),
            new Column(
                    "classification_confidence",
                    "double precision",
                    "NOT NULL CHECK (classification_confidence BETWEEN 0 AND 1)",
                    r -> r.doubleValue("classification.confidence")),
            new Column("summary", "text", "", r -> r.string("summary")),
            new Column("pii", "boolean", "NOT NULL DEFAULT false", r -> Boolean.TRUE.equals(r.bool("sensitivity.pii"))),
            new Column("cui", "boolean", "NOT NULL DEFAULT false", r -> Boolean.TRUE.equals(r.bool("sensitivity.cui"))),
            new Column("retention_schedule_item", "text", "", r -> r.string("retention.scheduleItem")),
            new Column("disposition", "text", "", r -> r.string("retention.disposition")),
            new Column("disposition_date", "date", "", r -> r.date("retention.dispositionDate")),
            new Column(
                    "needs_review",
                    "boolean",
                    "NOT NULL DEFAULT false",
                    r -> Boolean.TRUE.equals(r.bool("needsReview"))),
            new Column("model", "text", "NOT NULL", r -> r.requiredString("provenance.model")),
            new Column(MODEL_VERSION, "text", "NOT NULL", EnrichedStruct::modelVersion),
            new Column("prompt_version", "text", "", r -> r.string("provenance.promptVersion")),
            new Column(ENRICHED_AT, "timestamptz", "NOT NULL", r -> timestamp(r.requiredInstant("enrichedAt"))),
            new Column("text", "text", "", r -> r.string("record.text")),
            new Column(ATTRIBUTES, "jsonb", "NOT NULL", RecordColumns::attributesJson));

    private RecordColumns() {}

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Object firstNonNull(Object a, Object b) {
        return a != null ? a : b;
    }

    /**
     * The whole enrichment as JSON except the extracted text, which has its own column; without NUL characters, which
     * PostgreSQL cannot store, and then with a {@code sinkWarnings} entry saying which fields lost how many.
     */
    static String attributesJson(EnrichedStruct record) {
        ObjectNode json = record.toJsonWithoutText();
        SortedMap<String, Integer> removed = NulCharacters.removeFrom(json);
        int inText = NulCharacters.count(record.string("record.text"));
        if (inText > 0) {
            removed.put("record.text", inText);
        }
        String warning = NulCharacters.warning(removed);
        if (warning != null) {
            json.putArray(NulCharacters.WARNINGS_FIELD).add(warning);
        }
        return json.toString();
    }
}

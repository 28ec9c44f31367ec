package io.recordflow.sink.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordflow.records.EnrichmentVersion;
import io.recordflow.records.HumanProvenance;
import io.recordflow.sink.json.StructJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Read access by dotted path ({@code record.title}, {@code classification.code}) to an {@code EnrichedRecord}
 * delivered as a Connect {@link Struct}, whichever converter produced it. Missing required values raise a
 * {@link DataException} naming the path.
 */
public final class EnrichedStruct {

    private final Struct root;

    private EnrichedStruct(Struct root) {
        this.root = root;
    }

    /** Wraps a sink record's value, which must be a Struct carrying a recordId. */
    public static EnrichedStruct of(SinkRecord record) {
        if (!(record.value() instanceof Struct struct)) {
            throw new DataException(
                    "Value is not a Connect Struct (got "
                            + (record.value() == null
                                    ? "null"
                                    : record.value().getClass().getName())
                            + "); configure a schema-aware converter such as io.recordflow.sink.convert.RecordFlowAvroConverter");
        }
        EnrichedStruct view = new EnrichedStruct(struct);
        view.requiredString("recordId");
        return view;
    }

    public Struct struct() {
        return root;
    }

    public String recordId() {
        return requiredString("recordId");
    }

    /** Value at a dotted path, or null when it or any parent is absent. */
    public Object get(String path) {
        Object current = root;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Struct struct)) {
                return null;
            }
            Field field = struct.schema().field(part);
            if (field == null) {
                return null;
            }
            current = struct.get(field);
        }
        return current;
    }

    /** Schema of the value at a dotted path, or null when the path does not exist. */
    public Schema schemaOf(String path) {
        Schema current = root.schema();
        for (String part : path.split("\\.")) {
            if (current == null || current.type() != Schema.Type.STRUCT || current.field(part) == null) {
                return null;
            }
            current = current.field(part).schema();
        }
        return current;
    }

    public String string(String path) {
        Object value = get(path);
        return value == null ? null : value.toString();
    }

    public String requiredString(String path) {
        return required(path, string(path));
    }

    public Long longValue(String path) {
        Object value = get(path);
        return value == null ? null : ((Number) value).longValue();
    }

    public Double doubleValue(String path) {
        Object value = get(path);
        return value == null ? null : ((Number) value).doubleValue();
    }

    public Boolean bool(String path) {
        return (Boolean) get(path);
    }

    /** A timestamp; accepts Connect Timestamp values and epoch milliseconds. */
    public Instant instant(String path) {
        Object value = get(path);
        if (value == null) {
            return null;
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        throw new DataException("Field " + path + " is not a timestamp: " + value);
    }

    public Instant requiredInstant(String path) {
        return required(path, instant(path));
    }

    /** A calendar date; accepts Connect Date values and epoch days. */
    public LocalDate date(String path) {
        Object value = get(path);
        if (value == null) {
            return null;
        }
        if (value instanceof Date date) {
            return LocalDate.ofInstant(date.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof Number days) {
            return LocalDate.ofEpochDay(days.longValue());
        }
        throw new DataException("Field " + path + " is not a date: " + value);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String path) {
        Object value = get(path);
        return value == null ? List.of() : (List<Object>) value;
    }

    /** True for a human review decision ({@code provenance.provider = human}). */
    public boolean isHumanDecision() {
        return HumanProvenance.PROVIDER.equals(string("provenance.provider"));
    }

    /** Model version used to order competing enrichments: model name, then digest when known. */
    public String modelVersion() {
        return EnrichmentVersion.modelVersion(requiredString("provenance.model"), string("provenance.modelDigest"));
    }

    /** Where this enrichment stands among the enrichments of its record ({@link EnrichmentVersion}'s rule). */
    public EnrichmentVersion version() {
        return new EnrichmentVersion(isHumanDecision(), requiredInstant("enrichedAt"), modelVersion());
    }

    /** The whole enrichment as JSON, without the extracted text (stored on its own by every sink). */
    public ObjectNode toJsonWithoutText() {
        ObjectNode json = (ObjectNode) StructJson.toJson(root.schema(), root);
        if (json.get("record") instanceof ObjectNode inner) {
            inner.remove("text");
        }
        return json;
    }

    private <T> T required(String path, T value) {
        if (value == null) {
            throw new DataException("Required field " + path + " is missing in EnrichedRecord");
        }
        return value;
    }
}

package io.recordflow.sink.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Renders Connect values as plain JSON for people and databases: timestamps as ISO-8601 instants, dates as
 * ISO dates, bytes as base64, decimals as numbers (unlike JsonConverter, which wraps values in schemas).
 */
public final class StructJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StructJson() {}

    /** JSON tree of a Connect value. */
    public static JsonNode toJson(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        String logical = schema == null ? null : schema.name();
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return NODES.textNode(((Date) value).toInstant().toString());
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)) {
            return NODES.textNode(LocalDate.ofInstant(((Date) value).toInstant(), ZoneOffset.UTC)
                    .toString());
        }
        if (value instanceof Struct struct) {
            ObjectNode object = NODES.objectNode();
            for (Field field : struct.schema().fields()) {
                object.set(field.name(), toJson(field.schema(), struct.get(field)));
            }
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            Schema itemSchema = schema == null ? null : schema.valueSchema();
            items.forEach(item -> array.add(toJson(itemSchema, item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            Schema valueSchema = schema == null ? null : schema.valueSchema();
            map.forEach((k, v) -> object.set(String.valueOf(k), toJson(valueSchema, v)));
            return object;
        }
        return scalar(value);
    }

    private static JsonNode scalar(Object value) {
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Double || value instanceof Float) {
            return NODES.numberNode(((Number) value).doubleValue());
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.longValue());
        }
        if (value instanceof byte[] bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof java.nio.ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Date date) {
            return NODES.textNode(Instant.ofEpochMilli(date.getTime()).toString());
        }
        throw new DataException("Cannot render " + value.getClass().getName() + " as JSON");
    }

    /** Compact JSON text of a Connect value. */
    public static String toJsonString(Schema schema, Object value) {
        try {
            return MAPPER.writeValueAsString(toJson(schema, value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException("Cannot write JSON", e);
        }
    }

    /** Pretty-printed JSON text of a Connect value, for files people read. */
    public static String toPrettyJsonString(Schema schema, Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(schema, value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException("Cannot write JSON", e);
        }
    }
}

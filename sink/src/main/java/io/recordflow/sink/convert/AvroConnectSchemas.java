package io.recordflow.sink.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Type;
import org.apache.avro.util.internal.JacksonUtils;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Translates Avro schemas to Connect schemas and back. Avro details Connect cannot express (enum symbols,
 * field defaults, fixed sizes, decimal precision, general unions) travel as schema parameters, so that
 * {@code fromConnect(toConnect(s))} equals {@code s}.
 */
public final class AvroConnectSchemas {

    static final String PREFIX = "io.recordflow.avro.";
    static final String ENUM = PREFIX + "enum";
    static final String ENUM_DEFAULT = PREFIX + "enum.default";
    static final String FIXED_SIZE = PREFIX + "fixed.size";
    static final String FIELD_DEFAULT = PREFIX + "field.default";
    static final String RECORD_DOC = PREFIX + "doc";
    static final String DECIMAL_PRECISION = "connect.decimal.precision";
    static final String UNION = PREFIX + "Union";
    static final String PROP = PREFIX + "prop.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvroConnectSchemas() {}

    /** Connect schema for an Avro schema. */
    public static Schema toConnect(org.apache.avro.Schema avro) {
        return toConnectBuilder(avro, null).build();
    }

    private static SchemaBuilder toConnectBuilder(org.apache.avro.Schema avro, String fieldDefaultJson) {
        SchemaBuilder builder;
        boolean optional = false;
        org.apache.avro.Schema effective = avro;
        if (avro.getType() == Type.UNION) {
            List<org.apache.avro.Schema> branches = avro.getTypes();
            List<org.apache.avro.Schema> nonNull =
                    branches.stream().filter(b -> b.getType() != Type.NULL).toList();
            optional = nonNull.size() < branches.size();
            if (nonNull.size() == 1) {
                effective = nonNull.get(0);
                builder = plainBuilder(effective);
                if (branches.get(0).getType() != Type.NULL) {
                    builder.parameter(PREFIX + "null.last", "true");
                }
            } else {
                builder = unionBuilder(nonNull);
                if (optional && branches.get(0).getType() != Type.NULL) {
                    builder.parameter(PREFIX + "null.last", "true");
                }
            }
        } else {
            builder = plainBuilder(avro);
        }
        if (optional) {
            builder.optional();
        }
        if (fieldDefaultJson != null) {
            builder.parameter(FIELD_DEFAULT, fieldDefaultJson);
        }
        return builder;
    }

    private static SchemaBuilder unionBuilder(List<org.apache.avro.Schema> branches) {
        SchemaBuilder union = SchemaBuilder.struct().name(UNION);
        for (org.apache.avro.Schema branch : branches) {
            union.field(
                    unionFieldName(branch),
                    toConnectBuilder(branch, null).optional().build());
        }
        return union;
    }

    static String unionFieldName(org.apache.avro.Schema branch) {
        return switch (branch.getType()) {
            case RECORD, ENUM, FIXED -> branch.getName();
            default -> branch.getType().getName();
        };
    }

    private static SchemaBuilder plainBuilder(org.apache.avro.Schema avro) {
        LogicalType logical = avro.getLogicalType();
        if (logical != null) {
            SchemaBuilder logicalBuilder = logicalBuilder(avro, logical);
            if (logicalBuilder != null) {
                return logicalBuilder;
            }
        }
        SchemaBuilder builder = typeBuilder(avro);
        // Custom properties such as avro.java.string are part of the registered schema: keep them.
        avro.getObjectProps().forEach((key, value) -> {
            if (value instanceof String text) {
                builder.parameter(PROP + key, text);
            }
        });
        return builder;
    }

    private static SchemaBuilder typeBuilder(org.apache.avro.Schema avro) {
        return switch (avro.getType()) {
            case RECORD -> recordBuilder(avro);
            case ENUM -> {
                SchemaBuilder b = SchemaBuilder.string()
                        .name(avro.getFullName())
                        .parameter(ENUM, String.join(",", avro.getEnumSymbols()));
                if (avro.getEnumDefault() != null) {
                    b.parameter(ENUM_DEFAULT, avro.getEnumDefault());
                }
                yield withTypeDoc(b, avro.getDoc());
            }
            case ARRAY ->
                SchemaBuilder.array(
                        toConnectBuilder(avro.getElementType(), null).build());
            case MAP ->
                SchemaBuilder.map(
                        Schema.STRING_SCHEMA,
                        toConnectBuilder(avro.getValueType(), null).build());
            case FIXED ->
                SchemaBuilder.bytes()
                        .name(avro.getFullName())
                        .parameter(FIXED_SIZE, Integer.toString(avro.getFixedSize()));
            case STRING -> SchemaBuilder.string();
            case BYTES -> SchemaBuilder.bytes();
            case INT -> SchemaBuilder.int32();
            case LONG -> SchemaBuilder.int64();
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BOOLEAN -> SchemaBuilder.bool();
            case NULL, UNION ->
                throw new DataException("Avro type " + avro.getType() + " cannot stand alone in Connect: " + avro);
        };
    }

    private static SchemaBuilder logicalBuilder(org.apache.avro.Schema avro, LogicalType logical) {
        return switch (logical.getName()) {
            case "timestamp-millis" -> Timestamp.builder();
            case "date" -> Date.builder();
            case "time-millis" -> Time.builder();
            case "decimal" -> {
                if (avro.getType() != Type.BYTES) {
                    throw new DataException("Only bytes-backed Avro decimals are supported: " + avro);
                }
                LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
                yield Decimal.builder(decimal.getScale())
                        .parameter(DECIMAL_PRECISION, Integer.toString(decimal.getPrecision()));
            }
            // Other logical types (timestamp-micros, uuid, ...) keep their underlying Avro type.
            default -> null;
        };
    }

    private static SchemaBuilder recordBuilder(org.apache.avro.Schema avro) {
        SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
        withTypeDoc(struct, avro.getDoc());
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
            String defaultJson = field.hasDefaultValue() ? defaultJson(field) : null;
            SchemaBuilder fieldSchema = toConnectBuilder(field.schema(), defaultJson);
            withDoc(fieldSchema, field.doc());
            struct.field(field.name(), fieldSchema.build());
        }
        return struct;
    }

    private static String defaultJson(org.apache.avro.Schema.Field field) {
        Object value = field.defaultVal();
        if (value == JsonProperties.NULL_VALUE) {
            return "null";
        }
        try {
            return JSON.writeValueAsString(JacksonUtils.toJsonNode(value));
        } catch (IOException e) {
            throw new DataException("Cannot render the default of field " + field.name(), e);
        }
    }

    // A named type's own doc goes into a parameter: Connect keeps one doc per schema, which the field's doc takes.
    private static SchemaBuilder withTypeDoc(SchemaBuilder builder, String doc) {
        return doc == null ? builder : builder.parameter(RECORD_DOC, doc);
    }

    private static SchemaBuilder withDoc(SchemaBuilder builder, String doc) {
        return doc == null ? builder : builder.doc(doc);
    }

    /** Avro schema for a Connect schema; the inverse of {@link #toConnect}. */
    public static org.apache.avro.Schema fromConnect(Schema connect) {
        org.apache.avro.Schema plain = plainFromConnect(connect);
        if (!connect.isOptional()) {
            return plain;
        }
        org.apache.avro.Schema nullSchema = org.apache.avro.Schema.create(Type.NULL);
        List<org.apache.avro.Schema> branches = new ArrayList<>();
        boolean nullLast = "true".equals(param(connect, PREFIX + "null.last"));
        if (!nullLast) {
            branches.add(nullSchema);
        }
        if (plain.getType() == Type.UNION) {
            branches.addAll(plain.getTypes());
        } else {
            branches.add(plain);
        }
        if (nullLast) {
            branches.add(nullSchema);
        }
        return org.apache.avro.Schema.createUnion(branches);
    }

    private static org.apache.avro.Schema plainFromConnect(Schema connect) {
        org.apache.avro.Schema avro = typeFromConnect(connect);
        if (connect.parameters() != null && avro.getLogicalType() == null) {
            connect.parameters().forEach((key, value) -> {
                if (key.startsWith(PROP)) {
                    avro.addProp(key.substring(PROP.length()), value);
                }
            });
        }
        return avro;
    }

    private static org.apache.avro.Schema typeFromConnect(Schema connect) {
        String name = connect.name();
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            return LogicalTypes.timestampMillis().addToSchema(org.apache.avro.Schema.create(Type.LONG));
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            return LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(Type.INT));
        }
        if (Time.LOGICAL_NAME.equals(name)) {
            return LogicalTypes.timeMillis().addToSchema(org.apache.avro.Schema.create(Type.INT));
        }
        if (Decimal.LOGICAL_NAME.equals(name)) {
            int scale = Integer.parseInt(param(connect, Decimal.SCALE_FIELD));
            String precision = param(connect, DECIMAL_PRECISION);
            return LogicalTypes.decimal(precision == null ? 38 : Integer.parseInt(precision), scale)
                    .addToSchema(org.apache.avro.Schema.create(Type.BYTES));
        }
        return switch (connect.type()) {
            case STRUCT -> UNION.equals(name) ? unionFromConnect(connect) : recordFromConnect(connect);
            case STRING ->
                param(connect, ENUM) != null ? enumFromConnect(connect) : org.apache.avro.Schema.create(Type.STRING);
            case BYTES ->
                param(connect, FIXED_SIZE) != null
                        ? org.apache.avro.Schema.createFixed(
                                simpleName(name), null, namespace(name), Integer.parseInt(param(connect, FIXED_SIZE)))
                        : org.apache.avro.Schema.create(Type.BYTES);
            case ARRAY -> org.apache.avro.Schema.createArray(fromConnect(connect.valueSchema()));
            case MAP -> org.apache.avro.Schema.createMap(fromConnect(connect.valueSchema()));
            case INT8, INT16, INT32 -> org.apache.avro.Schema.create(Type.INT);
            case INT64 -> org.apache.avro.Schema.create(Type.LONG);
            case FLOAT32 -> org.apache.avro.Schema.create(Type.FLOAT);
            case FLOAT64 -> org.apache.avro.Schema.create(Type.DOUBLE);
            case BOOLEAN -> org.apache.avro.Schema.create(Type.BOOLEAN);
        };
    }

    private static org.apache.avro.Schema unionFromConnect(Schema connect) {
        List<org.apache.avro.Schema> branches = new ArrayList<>();
        for (Field field : connect.fields()) {
            branches.add(plainFromConnect(field.schema()));
        }
        return org.apache.avro.Schema.createUnion(branches);
    }

    private static org.apache.avro.Schema enumFromConnect(Schema connect) {
        List<String> symbols = Arrays.asList(param(connect, ENUM).split(","));
        return org.apache.avro.Schema.createEnum(
                simpleName(connect.name()),
                param(connect, RECORD_DOC),
                namespace(connect.name()),
                symbols,
                param(connect, ENUM_DEFAULT));
    }

    private static org.apache.avro.Schema recordFromConnect(Schema connect) {
        String name = connect.name() == null ? "ConnectRecord" : connect.name();
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        for (Field field : connect.fields()) {
            org.apache.avro.Schema fieldSchema = fromConnect(field.schema());
            String defaultJson = param(field.schema(), FIELD_DEFAULT);
            Object defaultValue = null;
            if (defaultJson != null) {
                defaultValue = "null".equals(defaultJson)
                        ? org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE
                        : parseDefault(defaultJson);
            } else if (field.schema().isOptional()) {
                defaultValue = org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE;
            }
            fields.add(new org.apache.avro.Schema.Field(
                    field.name(), fieldSchema, field.schema().doc(), defaultValue));
        }
        return org.apache.avro.Schema.createRecord(
                simpleName(name), param(connect, RECORD_DOC), namespace(name), false, fields);
    }

    private static Object parseDefault(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return JacksonUtils.toObject(node);
        } catch (IOException e) {
            throw new DataException("Invalid Avro field default in Connect schema parameter: " + json, e);
        }
    }

    private static String param(Schema schema, String key) {
        Map<String, String> parameters = schema.parameters();
        return parameters == null ? null : parameters.get(key);
    }

    private static String simpleName(String fullName) {
        int dot = fullName.lastIndexOf('.');
        return dot < 0 ? fullName : fullName.substring(dot + 1);
    }

    private static String namespace(String fullName) {
        int dot = fullName.lastIndexOf('.');
        return dot < 0 ? null : fullName.substring(0, dot);
    }
}

package io.recordflow.sink.convert;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Type;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Converts Avro data (generic or specific records, with or without logical-type conversions) into Connect
 * values for a schema made by {@link AvroConnectSchemas}, and Connect values back into generic Avro data.
 */
public final class AvroConnectValues {

    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private AvroConnectValues() {}

    /** Connect value of an Avro datum. */
    public static Object toConnect(org.apache.avro.Schema avro, Schema connect, Object value) {
        if (value == null) {
            if (!connect.isOptional()) {
                throw new DataException("Null value for required Avro type " + avro);
            }
            return null;
        }
        if (avro.getType() == Type.UNION) {
            if (AvroConnectSchemas.UNION.equals(connect.name())) {
                org.apache.avro.Schema branch =
                        avro.getTypes().get(GenericData.get().resolveUnion(avro, value));
                Struct union = new Struct(connect);
                Field field = connect.field(AvroConnectSchemas.unionFieldName(branch));
                union.put(field, toConnect(branch, field.schema(), value));
                return union;
            }
            // A nullable union: the value belongs to its only non-null branch (resolveUnion would not know
            // converted logical values such as Instant).
            return toConnect(nonNullBranch(avro), connect, value);
        }
        String logical = connect.name();
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return value instanceof Instant i ? Date.from(i) : new Date((Long) value);
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)) {
            long days = value instanceof LocalDate d ? d.toEpochDay() : ((Integer) value).longValue();
            return new Date(TimeUnit.DAYS.toMillis(days));
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            long millis = value instanceof LocalTime t ? t.toNanoOfDay() / 1_000_000 : ((Integer) value).longValue();
            return new Date(millis);
        }
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            return value instanceof BigDecimal d
                    ? d
                    : DECIMALS.fromBytes(((ByteBuffer) value).duplicate(), avro, avro.getLogicalType());
        }
        return switch (avro.getType()) {
            case RECORD -> recordToConnect(avro, connect, (IndexedRecord) value);
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (Object item : (Collection<?>) value) {
                    out.add(toConnect(avro.getElementType(), connect.valueSchema(), item));
                }
                yield out;
            }
            case MAP -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.put(
                            entry.getKey().toString(),
                            toConnect(avro.getValueType(), connect.valueSchema(), entry.getValue()));
                }
                yield out;
            }
            case STRING, ENUM -> value.toString();
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                yield bytes;
            }
            case FIXED -> ((GenericFixed) value).bytes().clone();
            case INT, LONG, FLOAT, DOUBLE, BOOLEAN -> value;
            case NULL, UNION -> throw new DataException("Unexpected Avro type " + avro.getType());
        };
    }

    private static Struct recordToConnect(org.apache.avro.Schema avro, Schema connect, IndexedRecord record) {
        Struct struct = new Struct(connect);
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
            Field connectField = connect.field(field.name());
            struct.put(connectField, toConnect(field.schema(), connectField.schema(), record.get(field.pos())));
        }
        return struct;
    }

    private static org.apache.avro.Schema nonNullBranch(org.apache.avro.Schema union) {
        return union.getTypes().stream()
                .filter(b -> b.getType() != Type.NULL)
                .findFirst()
                .orElseThrow(() -> new DataException("Union without a non-null branch: " + union));
    }

    /** Generic Avro datum (no logical-type conversions applied) of a Connect value. */
    public static Object fromConnect(Schema connect, org.apache.avro.Schema avro, Object value) {
        if (value == null) {
            if (avro.getType() == Type.UNION || avro.getType() == Type.NULL) {
                return null;
            }
            throw new DataException("Null value for required Avro type " + avro);
        }
        if (avro.getType() == Type.UNION) {
            if (AvroConnectSchemas.UNION.equals(connect.name())) {
                Struct union = (Struct) value;
                for (org.apache.avro.Schema branch : avro.getTypes()) {
                    if (branch.getType() == Type.NULL) {
                        continue;
                    }
                    Field field = connect.field(AvroConnectSchemas.unionFieldName(branch));
                    Object branchValue = union.get(field);
                    if (branchValue != null) {
                        return fromConnect(field.schema(), branch, branchValue);
                    }
                }
                return null;
            }
            return fromConnect(connect, nonNullBranch(avro), value);
        }
        String logical = connect.name();
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return ((Date) value).getTime();
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)) {
            return (int) TimeUnit.MILLISECONDS.toDays(((Date) value).getTime());
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return (int) ((Date) value).getTime();
        }
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            return DECIMALS.toBytes((BigDecimal) value, avro, (LogicalTypes.Decimal) avro.getLogicalType());
        }
        return switch (avro.getType()) {
            case RECORD -> {
                Struct struct = (Struct) value;
                GenericData.Record record = new GenericData.Record(avro);
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    Field connectField = connect.field(field.name());
                    record.put(
                            field.pos(), fromConnect(connectField.schema(), field.schema(), struct.get(connectField)));
                }
                yield record;
            }
            case ARRAY -> {
                List<Object> out = new GenericData.Array<>(avro, new ArrayList<>());
                for (Object item : (Collection<?>) value) {
                    out.add(fromConnect(connect.valueSchema(), avro.getElementType(), item));
                }
                yield out;
            }
            case MAP -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.put(
                            entry.getKey().toString(),
                            fromConnect(connect.valueSchema(), avro.getValueType(), entry.getValue()));
                }
                yield out;
            }
            case ENUM -> new GenericData.EnumSymbol(avro, value.toString());
            case STRING -> value.toString();
            case BYTES -> value instanceof ByteBuffer b ? b : ByteBuffer.wrap((byte[]) value);
            case FIXED -> new GenericData.Fixed(avro, value instanceof ByteBuffer b ? b.array() : (byte[]) value);
            case INT -> ((Number) value).intValue();
            case LONG, FLOAT, DOUBLE, BOOLEAN -> value;
            case NULL, UNION -> throw new DataException("Unexpected Avro type " + avro.getType());
        };
    }
}

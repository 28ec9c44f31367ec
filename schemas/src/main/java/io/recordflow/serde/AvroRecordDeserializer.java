package io.recordflow.serde;

import io.recordflow.registry.SchemaNotFoundException;
import io.recordflow.registry.SchemaRegistryClient;
import io.recordflow.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads Confluent wire-format bytes: writer schema from the registry by id, reader schema from the
 * target generated class (Avro schema resolution) or the writer schema for generic records. Bytes
 * that are not in the wire format, unknown ids and undecodable data raise a
 * {@link SerializationException} naming the topic; the consumer adds partition and offset.
 */
final class AvroRecordDeserializer implements AutoCloseable {
    private final SchemaRegistryClient client;
    private final boolean ownsClient;
    private final boolean isKey;
    private final boolean specific;
    private final Class<?> readerClass;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private final Map<Class<?>, SpecificData> models = new ConcurrentHashMap<>();

    /**
     * @param readerClass the generated class to read into; null to use {@code specific.avro.*.type}
     *     or, failing that, the class named by each writer schema
     * @param forceSpecific read specific records whatever {@code specific.avro.reader} says
     */
    AvroRecordDeserializer(
            AvroSerdeConfig config,
            boolean isKey,
            SchemaRegistryClient client,
            boolean ownsClient,
            Class<?> readerClass,
            boolean forceSpecific) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.isKey = isKey;
        this.specific = forceSpecific || readerClass != null || config.specificAvroReader();
        this.readerClass =
                readerClass != null ? readerClass : config.specificType(isKey).orElse(null);
    }

    Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        String what = (isKey ? "key" : "value") + " of topic '" + topic + "'";
        int id = WireFormat.schemaId(data, what);
        DatumReader<Object> reader = readers.computeIfAbsent(id, i -> newReader(i, what));
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
            Object value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException(
                        "Cannot deserialize " + what + ": bytes left over after the Avro datum of schema id " + id);
            }
            return value;
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Corrupt Avro data surfaces as EOF, negative lengths, bad union indexes and the like.
            throw new SerializationException(
                    "Cannot deserialize " + what + ": Avro data does not match writer schema id " + id + ": " + e, e);
        }
    }

    private DatumReader<Object> newReader(int id, String what) {
        Schema writer = writerSchema(id, what);
        if (!specific) {
            return new GenericDatumReader<>(writer, writer, GenericData.get());
        }
        Class<?> target = readerClass != null ? readerClass : classNamedBy(writer, id, what);
        if (!SpecificRecord.class.isAssignableFrom(target)) {
            throw new SerializationException(
                    "Cannot deserialize " + what + ": " + target.getName() + " is not a generated Avro class");
        }
        @SuppressWarnings("unchecked")
        Class<? extends SpecificRecord> recordClass = (Class<? extends SpecificRecord>) target;
        SpecificData model = models.computeIfAbsent(recordClass, c -> new TrustedSpecificData(recordClass));
        Schema readerSchema = model.getSchema(recordClass);
        SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException(
                    "Cannot deserialize " + what + ": writer schema id " + id + " (" + writer.getFullName()
                            + ") cannot be read as " + recordClass.getName() + ": "
                            + compatibility.getResult().getIncompatibilities());
        }
        return new SpecificDatumReader<>(writer, readerSchema, model);
    }

    private Schema writerSchema(int id, String what) {
        try {
            return client.getSchemaById(id);
        } catch (SchemaNotFoundException e) {
            throw new SerializationException(
                    "Cannot deserialize " + what + ": unknown schema id " + id + ": " + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Cannot deserialize " + what + ": cannot fetch writer schema id " + id + ": " + e.getMessage(), e);
        }
    }

    private Class<?> classNamedBy(Schema writer, int id, String what) {
        Class<?> named;
        try {
            named = SpecificData.get().getClass(writer);
        } catch (SecurityException e) {
            throw new SerializationException(
                    "Cannot deserialize " + what + ": Avro does not trust " + writer.getFullName()
                            + "; configure specific.avro." + (isKey ? "key" : "value")
                            + ".type or use a SpecificAvroDeserializer(Class)",
                    e);
        }
        if (named == null || named == Object.class) {
            throw new SerializationException("Cannot deserialize " + what + " as a specific record: no generated class "
                    + SpecificData.getClassName(writer) + " for writer schema id " + id
                    + "; set specific.avro.reader=false to read GenericRecords");
        }
        return named;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}

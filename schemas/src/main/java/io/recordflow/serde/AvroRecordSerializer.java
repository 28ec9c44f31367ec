package io.recordflow.serde;

import io.recordflow.registry.RegisteredSchema;
import io.recordflow.registry.SchemaRegistryClient;
import io.recordflow.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Writes Avro records in Confluent's wire format, getting the schema id from the registry per
 * {@code auto.register.schemas} / {@code use.latest.version}. Shared by the specific and generic
 * serializers; thread-safe, as producers may serialize from several threads.
 */
final class AvroRecordSerializer implements AutoCloseable {
    private final SchemaRegistryClient client;
    private final boolean ownsClient;
    private final boolean isKey;
    private final boolean autoRegister;
    private final boolean useLatestVersion;
    private final SubjectNameStrategy subjectNames;
    private final Map<String, RegisteredSchema> latestBySubject = new ConcurrentHashMap<>();
    // Separate caches: a specific model converts logical types (Instant), the generic one does not.
    private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();

    AvroRecordSerializer(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.isKey = isKey;
        this.autoRegister = config.autoRegisterSchemas();
        this.useLatestVersion = config.useLatestVersion();
        this.subjectNames = config.subjectNameStrategy(isKey);
    }

    byte[] serialize(String topic, Object record) {
        if (record == null) {
            return null;
        }
        if (!(record instanceof GenericContainer container)) {
            throw new SerializationException("Cannot serialize " + role(topic) + ": "
                    + record.getClass().getName() + " is not an Avro record (GenericContainer)");
        }
        Schema schema = container.getSchema();
        String subject = subjectNames.subjectName(topic, isKey, schema);
        RegisteredSchema target = schemaFor(topic, subject, schema);
        Object datum = target.schema().equals(schema) ? record : reshape(topic, record, schema, target.schema());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(WireFormat.header(target.id()));
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(target.schema(), datum).write(datum, encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw new SerializationException(
                    "Cannot encode " + role(topic) + " with schema id " + target.id() + " of subject '" + subject
                            + "': " + e.getMessage(),
                    e);
        }
        return out.toByteArray();
    }

    private RegisteredSchema schemaFor(String topic, String subject, Schema schema) {
        try {
            if (useLatestVersion) {
                return latestBySubject.computeIfAbsent(subject, client::getLatestSchemaMetadata);
            }
            if (autoRegister) {
                return new RegisteredSchema(subject, 0, client.register(subject, schema), schema);
            }
            return client.lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Cannot serialize " + role(topic) + ": no schema id for subject '" + subject + "' ("
                            + (useLatestVersion ? "latest version" : autoRegister ? "register" : "lookup") + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Converts a record to the subject's latest schema through Avro schema resolution. */
    private Object reshape(String topic, Object record, Schema own, Schema latest) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(buffer, null);
            writerFor(own, record).write(record, encoder);
            encoder.flush();
            return new GenericDatumReader<Object>(own, latest, GenericData.get())
                    .read(null, DecoderFactory.get().binaryDecoder(buffer.toByteArray(), null));
        } catch (IOException | AvroRuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize " + role(topic) + " with the latest registered schema " + latest.getFullName()
                            + ": the record's schema cannot be resolved to it: " + e.getMessage(),
                    e);
        }
    }

    private DatumWriter<Object> writerFor(Schema schema, Object datum) {
        if (datum instanceof SpecificRecord) {
            return specificWriters.computeIfAbsent(
                    schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(datum.getClass())));
        }
        return genericWriters.computeIfAbsent(schema, s -> new GenericDatumWriter<>(s, GenericData.get()));
    }

    private String role(String topic) {
        return (isKey ? "key" : "value") + " of topic '" + topic + "'";
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}

package io.recordflow.sink.convert;

import io.recordflow.registry.SchemaRegistryUnavailableException;
import io.recordflow.serde.AvroSerdeConfig;
import io.recordflow.serde.GenericAvroDeserializer;
import io.recordflow.serde.GenericAvroSerializer;
import io.recordflow.sink.version.SinkVersion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Kafka Connect converter for Confluent wire-format Avro records through any Confluent-compatible schema
 * registry, using RecordFlow's registry client. Worker config:
 * {@code value.converter=io.recordflow.sink.convert.RecordFlowAvroConverter},
 * {@code value.converter.schema.registry.url=http://registry:8081}. Keys stay strings (StringConverter).
 */
public class RecordFlowAvroConverter implements Converter {

    private final Map<org.apache.avro.Schema, Schema> connectSchemas = new ConcurrentHashMap<>();
    private final Map<Schema, org.apache.avro.Schema> avroSchemas = new ConcurrentHashMap<>();
    private GenericAvroSerializer serializer;
    private GenericAvroDeserializer deserializer;
    private boolean isKey;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        serializer = new GenericAvroSerializer();
        serializer.configure(configs, isKey);
        deserializer = new GenericAvroDeserializer();
        deserializer.configure(configs, isKey);
    }

    @Override
    public ConfigDef config() {
        return AvroSerdeConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return SinkVersion.get();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema == null || schema.type() != Schema.Type.STRUCT) {
            throw new DataException("Cannot write the " + role() + " of topic " + topic + " as Avro: "
                    + "RecordFlowAvroConverter writes Connect Structs (Avro records), got "
                    + (schema == null ? "a schemaless value" : schema.type()));
        }
        org.apache.avro.Schema avro = avroSchemas.computeIfAbsent(schema, AvroConnectSchemas::fromConnect);
        Object datum = AvroConnectValues.fromConnect(schema, avro, value);
        try {
            return serializer.serialize(topic, (GenericRecord) datum);
        } catch (RuntimeException e) {
            throw translate("write", topic, e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        Object datum;
        try {
            datum = deserializer.deserialize(topic, value);
        } catch (RuntimeException e) {
            throw translate("read", topic, e);
        }
        if (!(datum instanceof GenericContainer container)) {
            throw new DataException("The " + role() + " of topic " + topic + " is not an Avro record");
        }
        org.apache.avro.Schema avro = container.getSchema();
        Schema connect = connectSchemas.computeIfAbsent(avro, AvroConnectSchemas::toConnect);
        return new SchemaAndValue(connect, AvroConnectValues.toConnect(avro, connect, datum));
    }

    /** An unreachable registry is worth retrying (Connect's error handler does); anything else is bad data. */
    private RuntimeException translate(String verb, String topic, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryUnavailableException) {
                return new RetriableException(
                        "Schema registry unavailable while trying to " + verb + " the " + role() + " of topic " + topic
                                + ": " + cause.getMessage(),
                        e);
            }
        }
        return new DataException(
                "Cannot " + verb + " the Avro " + role() + " of topic " + topic + ": " + e.getMessage(), e);
    }

    private String role() {
        return isKey ? "key" : "value";
    }

    @Override
    public void close() {
        if (serializer != null) {
            serializer.close();
        }
        if (deserializer != null) {
            deserializer.close();
        }
    }
}

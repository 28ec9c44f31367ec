package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;

/** Kafka Streams serde for a generated Avro class in Confluent's wire format. */
public class SpecificAvroSerde<T extends SpecificRecord> extends RegistrySerde<T> {
    /** A serde for the given class; call {@link #configure} before use. */
    public SpecificAvroSerde(Class<T> type) {
        this(type, null);
    }

    /** A serde for the given class using the given client (tests). */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client) {
        super(client, new SpecificAvroSerializer<>(client), new SpecificAvroDeserializer<>(type, client));
    }

    /** For {@code default.value.serde}: the class comes from {@code specific.avro.value.type}. */
    public SpecificAvroSerde() {
        super(null, new SpecificAvroSerializer<>(), new SpecificAvroDeserializer<>());
    }
}

package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;

/** Serializes generated Avro classes in Confluent's wire format, registering schemas as configured. */
public class SpecificAvroSerializer<T extends SpecificRecord> extends RegistrySerializer<T> {
    /** A serializer whose registry client is built from {@code schema.registry.url} at configure. */
    public SpecificAvroSerializer() {
        super(null);
    }

    /** A serializer using the given client (tests); configure still reads the other settings. */
    public SpecificAvroSerializer(SchemaRegistryClient client) {
        super(client);
    }
}

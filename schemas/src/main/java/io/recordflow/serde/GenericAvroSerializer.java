package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import org.apache.avro.generic.GenericRecord;

/** Serializes {@link GenericRecord}s in Confluent's wire format, registering schemas as configured. */
public class GenericAvroSerializer extends RegistrySerializer<GenericRecord> {
    public GenericAvroSerializer() {
        super(null);
    }

    public GenericAvroSerializer(SchemaRegistryClient client) {
        super(client);
    }
}

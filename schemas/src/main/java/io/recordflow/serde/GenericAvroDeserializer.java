package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads Confluent wire-format bytes into {@link GenericRecord}s using the writer schema; with
 * {@code specific.avro.reader=true} it returns generated classes instead, as Confluent's does.
 */
public class GenericAvroDeserializer extends RegistryDeserializer<GenericRecord> {
    public GenericAvroDeserializer() {
        super(null, null, false);
    }

    public GenericAvroDeserializer(SchemaRegistryClient client) {
        super(client, null, false);
    }
}

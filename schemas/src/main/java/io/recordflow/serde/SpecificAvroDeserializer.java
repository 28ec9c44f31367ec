package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads Confluent wire-format bytes into a generated Avro class, resolving the registered writer
 * schema against the class's own schema. Works without {@code org.apache.avro.SERIALIZABLE_PACKAGES}
 * when given the class.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> extends RegistryDeserializer<T> {
    /** Reads into the given class. */
    public SpecificAvroDeserializer(Class<T> type) {
        super(null, type, true);
    }

    /** Reads into the given class using the given client (tests). */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
        super(client, type, true);
    }

    /**
     * For configuration by class name: reads into {@code specific.avro.key.type} /
     * {@code specific.avro.value.type}, or the class named by the writer schema.
     */
    public SpecificAvroDeserializer() {
        super(null, null, true);
    }
}

package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import org.apache.avro.generic.GenericRecord;

/** Kafka Streams serde for {@link GenericRecord}s in Confluent's wire format. */
public class GenericAvroSerde extends RegistrySerde<GenericRecord> {
    public GenericAvroSerde() {
        this(null);
    }

    public GenericAvroSerde(SchemaRegistryClient client) {
        super(client, new GenericAvroSerializer(client), new GenericAvroDeserializer(client));
    }
}

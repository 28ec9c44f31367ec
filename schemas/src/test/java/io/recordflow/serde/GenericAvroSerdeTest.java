package io.recordflow.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.records.AgencyRecord;
import io.recordflow.registry.InMemorySchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GenericAvroSerdeTest {
    private static final String SCOPE = "generic-serde-test";
    private static final String TOPIC = "records.ingested.v1";

    @AfterEach
    void dropScope() {
        InMemorySchemaRegistryClient.dropScope(SCOPE);
    }

    @Test
    void shouldReadSpecificBytesAsGenericRecordsWithTheWriterSchema() {
        byte[] bytes = specificBytes(SampleRecords.agencyRecord(7));
        try (GenericAvroSerde serde = new GenericAvroSerde()) {
            serde.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);

            GenericRecord record = serde.deserializer().deserialize(TOPIC, bytes);

            assertThat(record).isNotInstanceOf(AgencyRecord.class);
            assertThat(record.get("recordId")).hasToString("rec-7");
            // A generic round trip reproduces the same bytes.
            assertThat(serde.serializer().serialize(TOPIC, record)).isEqualTo(bytes);
        }
    }

    @Test
    void shouldReturnGeneratedClassesWhenSpecificAvroReaderIsSet() {
        AgencyRecord original = SampleRecords.agencyRecord(8);
        byte[] bytes = specificBytes(original);
        try (GenericAvroDeserializer deserializer = new GenericAvroDeserializer()) {
            deserializer.configure(
                    Map.of(
                            "schema.registry.url",
                            "mock://" + SCOPE,
                            "specific.avro.reader",
                            true,
                            "specific.avro.value.type",
                            AgencyRecord.class),
                    false);

            assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(original);
        }
    }

    @Test
    void shouldRefuseToSerializeAnObjectThatIsNotAnAvroRecord() {
        try (GenericAvroSerializer serializer = new GenericAvroSerializer()) {
            serializer.configure(Map.of("schema.registry.url", "mock://" + SCOPE), true);
            @SuppressWarnings({"unchecked", "rawtypes"})
            org.apache.kafka.common.serialization.Serializer<Object> raw =
                    (org.apache.kafka.common.serialization.Serializer) serializer;

            assertThatThrownBy(() -> raw.serialize(TOPIC, "plain string"))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("key of topic '" + TOPIC + "'")
                    .hasMessageContaining("not an Avro record");
        }
    }

    private static byte[] specificBytes(AgencyRecord record) {
        try (SpecificAvroSerializer<AgencyRecord> serializer = new SpecificAvroSerializer<>()) {
            serializer.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
            return serializer.serialize(TOPIC, record);
        }
    }
}

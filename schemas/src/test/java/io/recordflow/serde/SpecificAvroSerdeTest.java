package io.recordflow.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.DeadLetter;
import io.recordflow.registry.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {
    private static final String SCOPE = "specific-serde-test";
    private static final String TOPIC = "records.ingested.v1";
    private static final Map<String, Object> CONFIG = Map.of("schema.registry.url", "mock://" + SCOPE);

    private final SpecificAvroSerde<AgencyRecord> serde = new SpecificAvroSerde<>(AgencyRecord.class);

    @BeforeEach
    void configure() {
        serde.configure(CONFIG, false);
    }

    @AfterEach
    void close() {
        serde.close();
        InMemorySchemaRegistryClient.dropScope(SCOPE);
    }

    @Test
    void shouldRoundTripAFullyPopulatedRecord() {
        AgencyRecord record = SampleRecords.agencyRecord(3);

        byte[] bytes = serde.serializer().serialize(TOPIC, record);

        assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), bytes))
                .isEqualTo(record);
    }

    @Test
    void shouldRegisterUnderTheTopicValueSubjectAndFrameWithItsId() {
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.agencyRecord(1));

        InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(SCOPE);
        int id = registry.getLatestSchemaMetadata(TOPIC + "-value").id();
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void shouldPassTombstonesThroughAsNull() {
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldRejectBytesWithAWrongMagicByteNamingTheTopic() {
        byte[] json = "{\"recordId\":\"x\"}".getBytes();

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new RecordHeaders(), json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("value of topic '" + TOPIC + "'")
                .hasMessageContaining("magic byte 0x7B");
    }

    @Test
    void shouldRejectBytesTooShortForTheWireFormat() {
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("3 bytes are too few");
    }

    @Test
    void shouldRejectAnUnknownSchemaId() {
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.agencyRecord(1));
        ByteBuffer.wrap(bytes).putInt(1, 9_999);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("unknown schema id 9999")
                .hasMessageContaining("40403");
    }

    @Test
    void shouldRejectTruncatedAvroDataInsteadOfReturningGarbage() {
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.agencyRecord(1));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'");
    }

    @Test
    void shouldRejectTrailingBytesAfterTheDatum() {
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.agencyRecord(1));
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bytes left over");
    }

    @Test
    void shouldRefuseToReadAnotherRecordTypeAsThisClass() {
        SpecificAvroSerde<DeadLetter> deadLetters = new SpecificAvroSerde<>(DeadLetter.class);
        deadLetters.configure(CONFIG, false);
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.agencyRecord(1));

        assertThatThrownBy(() -> deadLetters.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot be read as io.recordflow.records.DeadLetter");
    }

    @Test
    void shouldReadWithoutAvroTrustedPackagesSystemProperty() {
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.agencyRecord(3));
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        // Only Avro's built-in trusted classes: the argLine's SERIALIZABLE_PACKAGES no longer applies.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT_TRUSTED_CLASSES);
        try (SpecificAvroDeserializer<AgencyRecord> fresh = new SpecificAvroDeserializer<>(AgencyRecord.class)) {
            fresh.configure(CONFIG, false);
            // Avro's own model now refuses the generated classes.
            assertThatThrownBy(() -> new SpecificData(AgencyRecord.class.getClassLoader())
                            .getClass(AgencyRecord.getClassSchema()))
                    .isInstanceOf(SecurityException.class);

            assertThat(fresh.deserialize(TOPIC, bytes)).isEqualTo(SampleRecords.agencyRecord(3));
        } finally {
            ClassSecurityValidator.setGlobal(previous);
        }
    }

    @Test
    void shouldResolveAnOlderWriterSchemaToTheClassUsingDefaults() {
        // A v0 writer that lacked most optional fields: the reader fills in the schema defaults.
        Schema older = SchemaBuilder.record("AgencyRecord")
                .namespace("io.recordflow.records")
                .fields()
                .requiredString("recordId")
                .requiredString("sourceUri")
                .name("ingestedAt")
                .type(org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
                .noDefault()
                .name("modality")
                .type(AgencyRecord.getClassSchema().getField("modality").schema())
                .noDefault()
                .requiredString("mediaType")
                .requiredLong("sizeBytes")
                .requiredString("sha256")
                .requiredString("contentUri")
                .endRecord();
        GenericRecord old = new GenericData.Record(older);
        old.put("recordId", "r-old");
        old.put("sourceUri", "file:///old");
        old.put("ingestedAt", 1_700_000_000_000L);
        old.put(
                "modality",
                new GenericData.EnumSymbol(older.getField("modality").schema(), "DOCUMENT"));
        old.put("mediaType", "text/plain");
        old.put("sizeBytes", 12L);
        old.put("sha256", "ab");
        old.put("contentUri", "blob://old");
        try (GenericAvroSerializer generic = new GenericAvroSerializer()) {
            generic.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
            byte[] bytes = generic.serialize("legacy", old);

            AgencyRecord read = serde.deserializer().deserialize("legacy", bytes);

            assertThat(read.getRecordId()).isEqualTo("r-old");
            assertThat(read.getSourceSystem()).isEqualTo("filesystem");
            assertThat(read.getText()).isEmpty();
            assertThat(read.getIngestedAt().toEpochMilli()).isEqualTo(1_700_000_000_000L);
        }
    }
}

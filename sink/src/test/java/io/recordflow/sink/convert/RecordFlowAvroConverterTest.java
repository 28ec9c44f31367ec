package io.recordflow.sink.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AttachmentRef;
import io.recordflow.records.AudioMetadata;
import io.recordflow.records.EmailMetadata;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.ImageMetadata;
import io.recordflow.records.VideoMetadata;
import io.recordflow.registry.InMemorySchemaRegistryClient;
import io.recordflow.serde.GenericAvroSerializer;
import io.recordflow.serde.SpecificAvroDeserializer;
import io.recordflow.serde.SpecificAvroSerializer;
import io.recordflow.sink.fixtures.EnrichedRecords;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordFlowAvroConverterTest {

    private static final String SCOPE = "converter-test";
    private static final String TOPIC = "records.enriched.v1";
    private static final Map<String, String> CONFIG = Map.of("schema.registry.url", "mock://" + SCOPE);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistryClient.dropScope(SCOPE);
    }

    private static RecordFlowAvroConverter converter() {
        RecordFlowAvroConverter converter = new RecordFlowAvroConverter();
        converter.configure(CONFIG, false);
        return converter;
    }

    /** A record that fills every optional part of the schema, so every Avro type in it is exercised. */
    static EnrichedRecord fullRecord() {
        EnrichedRecord record = EnrichedRecords.enriched(3);
        AgencyRecord inner = record.getRecord();
        inner.setImage(ImageMetadata.newBuilder()
                .setWidth(640)
                .setHeight(480)
                .setResolutionDpi(300.0)
                .setDateTaken(Instant.parse("2025-01-02T03:04:05.678Z"))
                .setGpsLatitude(38.9)
                .build());
        inner.setAudio(AudioMetadata.newBuilder()
                .setDurationMillis(61_000L)
                .setSampleRate(44_100)
                .build());
        inner.setVideo(VideoMetadata.newBuilder()
                .setDurationMillis(5_000L)
                .setFrameRate(29.97)
                .build());
        inner.setEmail(EmailMetadata.newBuilder()
                .setFrom("a@agency.gov")
                .setTo(List.of("b@agency.gov"))
                .setSentAt(Instant.parse("2025-02-03T04:05:06Z"))
                .build());
        inner.setAttachments(List.of(
                AttachmentRef.newBuilder().setName("x.pdf").setSizeBytes(10L).build()));
        inner.setDateReceived(Instant.parse("2025-03-01T00:00:00Z"));
        return record;
    }

    @Test
    void shouldRoundTripAnEnrichedRecordThroughConnectWithEveryFieldIntact() {
        EnrichedRecord original = fullRecord();
        SpecificAvroSerializer<EnrichedRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(CONFIG, false);
        byte[] bytes = serializer.serialize(TOPIC, original);

        RecordFlowAvroConverter converter = converter();
        SchemaAndValue connect = converter.toConnectData(TOPIC, bytes);
        Struct struct = (Struct) connect.value();
        struct.validate();
        assertThat(struct.getStruct("record").getStruct("image").get("dateTaken"))
                .isEqualTo(Date.from(Instant.parse("2025-01-02T03:04:05.678Z")));
        assertThat(struct.getStruct("retention").get("dispositionDate"))
                .isEqualTo(Date.from(Instant.parse("2032-09-30T00:00:00Z")));
        assertThat(struct.getStruct("retention").get("disposition")).isEqualTo("TEMPORARY");

        byte[] again = converter.fromConnectData(TOPIC, connect.schema(), struct);
        SpecificAvroDeserializer<EnrichedRecord> deserializer = new SpecificAvroDeserializer<>(EnrichedRecord.class);
        deserializer.configure(CONFIG, false);
        assertThat(deserializer.deserialize(TOPIC, again)).isEqualTo(original);
        assertThat(again).isEqualTo(bytes);
    }

    @Test
    void shouldRoundTripEveryAvroTypeIncludingGeneralUnionsFixedAndDecimals() throws IOException {
        org.apache.avro.Schema schema = AvroConnectSchemasTest.EVERY_TYPE;
        GenericRecord record = new GenericData.Record(schema);
        record.put("s", "text");
        record.put("i", 1);
        record.put("l", 2L);
        record.put("f", 1.5f);
        record.put("d", 2.25);
        record.put("b", false);
        record.put("raw", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        org.apache.avro.Schema md5 = schema.getField("fix").schema();
        record.put("fix", new GenericData.Fixed(md5, new byte[16]));
        org.apache.avro.Schema color = schema.getField("color").schema();
        record.put("color", new GenericData.EnumSymbol(color, "GREEN"));
        record.put("maybeColor", new GenericData.EnumSymbol(color, "RED"));
        record.put("nullLast", null);
        record.put("either", 42L);
        record.put("tags", List.of("a", "b"));
        GenericRecord inner =
                new GenericData.Record(schema.getField("nested").schema().getValueType());
        inner.put("n", 5);
        record.put("nested", Map.of("k", inner));
        record.put("at", 1_700_000_000_123L);
        record.put("day", 19_000);
        record.put("clock", 3_600_000);
        org.apache.avro.Schema amount = schema.getField("amount").schema();
        record.put(
                "amount",
                new org.apache.avro.Conversions.DecimalConversion()
                        .toBytes(new BigDecimal("1234.56"), amount, amount.getLogicalType()));

        GenericAvroSerializer serializer = new GenericAvroSerializer();
        serializer.configure(CONFIG, false);
        byte[] bytes = serializer.serialize("every", record);
        RecordFlowAvroConverter converter = converter();
        SchemaAndValue connect = converter.toConnectData("every", bytes);
        Struct struct = (Struct) connect.value();
        assertThat(struct.get("amount")).isEqualTo(new BigDecimal("1234.56"));
        assertThat(struct.getStruct("either").get("long")).isEqualTo(42L);
        assertThat(struct.get("nullLast")).isNull();

        byte[] again = converter.fromConnectData("every", connect.schema(), struct);
        assertThat(again).isEqualTo(bytes);
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(again, 5, again.length - 5, null));
        assertThat(decoded).isEqualTo(record);
    }

    @Test
    void shouldGiveThirdPartySinksStableJsonConverterOutput() throws IOException {
        SpecificAvroSerializer<EnrichedRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(CONFIG, false);
        byte[] bytes = serializer.serialize(TOPIC, fullRecord());

        String first = json(converter().toConnectData(TOPIC, bytes));
        String second = json(converter().toConnectData(TOPIC, bytes));
        assertThat(second).isEqualTo(first);
        try (InputStream golden = getClass().getResourceAsStream("/golden/enriched-record.connect.json")) {
            assertThat(first).isEqualTo(new String(golden.readAllBytes(), StandardCharsets.UTF_8).strip());
        }

        JsonConverter json = jsonConverter();
        SchemaAndValue converted = converter().toConnectData(TOPIC, bytes);
        SchemaAndValue back =
                json.toConnectData(TOPIC, json.fromConnectData(TOPIC, converted.schema(), converted.value()));
        assertThat(back.value()).isEqualTo(converted.value());
    }

    private static JsonConverter jsonConverter() {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
        return json;
    }

    private static String json(SchemaAndValue value) {
        return new String(
                jsonConverter().fromConnectData(TOPIC, value.schema(), value.value()), StandardCharsets.UTF_8);
    }

    @Test
    void shouldNameTopicAndRoleWhenBytesAreNotInTheWireFormat() {
        assertThatThrownBy(() -> converter().toConnectData(TOPIC, "plain text".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("value of topic " + TOPIC);
        assertThatThrownBy(() -> converter().fromConnectData(TOPIC, Schema.STRING_SCHEMA, "x"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("writes Connect Structs");
        assertThat(converter().toConnectData(TOPIC, null)).isEqualTo(SchemaAndValue.NULL);
    }
}

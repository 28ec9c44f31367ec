package io.recordflow.dockerit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Modality;
import io.recordflow.registry.CompatibilityLevel;
import io.recordflow.registry.RegisteredSchema;
import io.recordflow.registry.RestSchemaRegistryClient;
import io.recordflow.registry.SchemaNotFoundException;
import io.recordflow.serde.AvroSerdeConfig;
import io.recordflow.serde.SpecificAvroSerde;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves RecordFlow's own registry client and Confluent-wire-format serdes against Confluent's Schema Registry
 * server (not RecordFlow's embedded one) and a real apache/kafka broker.
 */
class ConfluentSchemaRegistryIT {

    private static ContainerStack stack;
    private static RestSchemaRegistryClient client;

    @BeforeAll
    static void startContainers() {
        stack = ContainerStack.start();
        client = new RestSchemaRegistryClient(List.of(stack.registryUrl()));
    }

    @AfterAll
    static void stopContainers() throws Exception {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldRegisterLookUpAndFetchSchemasLikeConfluentsClient() {
        String subject = "it-register-value";
        Schema schema = AgencyRecord.getClassSchema();

        int id = client.register(subject, schema);

        assertThat(client.register(subject, schema))
                .as("registering the same schema again")
                .isEqualTo(id);
        RegisteredSchema found = client.lookup(subject, schema);
        assertThat(found.id()).isEqualTo(id);
        assertThat(client.getSchemaById(id)).isEqualTo(schema);
        assertThat(client.getLatestSchemaMetadata(subject).id()).isEqualTo(id);
        assertThat(client.getAllVersions(subject)).containsExactly(1);
        assertThat(client.getAllSubjects()).contains(subject);
    }

    @Test
    void shouldApplyConfluentsBackwardCompatibilityRules() {
        String subject = "it-compat-value";
        Schema v1 = SchemaBuilder.record("Memo")
                .namespace("io.recordflow.it")
                .fields()
                .requiredString("title")
                .endRecord();
        Schema withDefault = SchemaBuilder.record("Memo")
                .namespace("io.recordflow.it")
                .fields()
                .requiredString("title")
                .name("office")
                .type()
                .stringType()
                .stringDefault("unknown")
                .endRecord();
        Schema withoutDefault = SchemaBuilder.record("Memo")
                .namespace("io.recordflow.it")
                .fields()
                .requiredString("title")
                .requiredString("office")
                .endRecord();
        client.updateCompatibility(subject, CompatibilityLevel.BACKWARD);
        client.register(subject, v1);

        assertThat(client.getCompatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.testCompatibility(subject, withDefault)).isTrue();
        assertThat(client.testCompatibility(subject, withoutDefault)).isFalse();
    }

    @Test
    void shouldReportUnknownIdsAsNotFound() {
        assertThatThrownBy(() -> client.getSchemaById(987_654)).isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void shouldRoundTripAnAgencyRecordThroughKafkaInConfluentWireFormat() {
        String topic = "records.ingested.v1";
        AgencyRecord record = sampleRecord();
        Map<String, Object> serdeConfig = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                stack.registryUrl(),
                AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG,
                true);

        try (SpecificAvroSerde<AgencyRecord> serde = new SpecificAvroSerde<>(AgencyRecord.class)) {
            serde.configure(serdeConfig, false);
            try (KafkaProducer<String, AgencyRecord> producer =
                    new KafkaProducer<>(producerProps(), new StringSerializer(), serde.serializer())) {
                producer.send(new ProducerRecord<>(topic, record.getRecordId(), record))
                        .get();
            } catch (Exception e) {
                throw new AssertionError("producing to " + topic + " failed", e);
            }

            byte[] raw = consumeOne(topic);
            int registeredId = client.lookup(topic + "-value", AgencyRecord.getClassSchema())
                    .id();
            ByteBuffer wire = ByteBuffer.wrap(raw);
            assertThat(wire.get()).as("Confluent magic byte").isZero();
            assertThat(wire.getInt()).as("schema id in the wire format").isEqualTo(registeredId);
            assertThat(serde.deserializer().deserialize(topic, raw)).isEqualTo(record);
        }
    }

    private static AgencyRecord sampleRecord() {
        return AgencyRecord.newBuilder()
                .setRecordId("rec-it-0001")
                .setSourceUri("file:///samples/contract-memo.docx")
                .setTitle("Contract Modification Memorandum")
                .setAgency("Department of Example Affairs")
                .setIngestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setModality(Modality.DOCUMENT)
                .setMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                .setFileName("contract-memo.docx")
                .setSizeBytes(5586L)
                .setSha256("0".repeat(64))
                .setContentUri("file:///var/lib/recordflow/blobs/00/rec-it-0001")
                .setText("Request for Modification P00003 to Contract DEA-2025-C-0142")
                .build();
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static byte[] consumeOne(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-round-trip");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return records.iterator().next().value();
                }
            }
        }
        throw new AssertionError("no record arrived on " + topic + " within 60 s");
    }
}

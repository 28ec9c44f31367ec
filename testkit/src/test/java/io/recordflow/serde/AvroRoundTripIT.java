package io.recordflow.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.records.AgencyRecord;
import io.recordflow.registry.RestSchemaRegistryClient;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry serdes against the embedded registry over HTTP and the in-process broker. */
class AvroRoundTripIT {
    private static final int RECORDS = 10_000;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    @Test
    void shouldRoundTripTenThousandRecordsThroughTransactionsReadCommitted() {
        String topic = Topics.INGESTED.name();
        KAFKA.createTopic(topic, 3);
        try (KafkaProducer<String, AgencyRecord> producer = transactionalProducer()) {
            producer.initTransactions();
            for (int batch = 0; batch < RECORDS / 1_000; batch++) {
                producer.beginTransaction();
                for (int i = batch * 1_000; i < (batch + 1) * 1_000; i++) {
                    AgencyRecord record = SampleRecords.agencyRecord(i);
                    producer.send(new ProducerRecord<>(topic, record.getRecordId(), record));
                }
                producer.commitTransaction();
            }
            // An aborted transaction must stay invisible to read_committed consumers.
            producer.beginTransaction();
            for (int i = RECORDS; i < RECORDS + 100; i++) {
                producer.send(new ProducerRecord<>(topic, "aborted-" + i, SampleRecords.agencyRecord(i)));
            }
            producer.flush();
            producer.abortTransaction();
        }

        Map<String, AgencyRecord> received = consumeAll(topic, RECORDS);

        assertThat(received).hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            AgencyRecord expected = SampleRecords.agencyRecord(i);
            assertThat(received.get(expected.getRecordId())).as("record %d", i).isEqualTo(expected);
        }
        assertThat(received.keySet()).noneMatch(k -> k.startsWith("aborted-"));
    }

    @Test
    void shouldFrameValuesWithMagicByteAndTheIdTheRegistryReturned() {
        AgencyRecord record = SampleRecords.agencyRecord(1);
        byte[] bytes;
        try (SpecificAvroSerde<AgencyRecord> serde = Topics.INGESTED.valueSerde(REGISTRY.serdeConfig())) {
            bytes = serde.serializer().serialize("wire-format", record);
        }

        int registeredId = new RestSchemaRegistryClient(List.of(REGISTRY.url()))
                .register("wire-format-value", AgencyRecord.getClassSchema());
        assertThat(bytes[0]).isEqualTo((byte) 0x00);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
    }

    @Test
    void shouldNameTopicPartitionAndOffsetOfRecordsNotInTheWireFormat() throws Exception {
        String topic = "poison";
        KAFKA.createTopic(topic, 1);
        byte[] good;
        try (SpecificAvroSerde<AgencyRecord> serde = Topics.INGESTED.valueSerde(REGISTRY.serdeConfig())) {
            good = serde.serializer().serialize(topic, SampleRecords.agencyRecord(1));
        }
        byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId).putInt(1, 987_654);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(KAFKA.adminProperties(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "ok", good)).get();
            producer.send(new ProducerRecord<>(topic, 0, "json", "{\"recordId\":\"x\"}".getBytes()))
                    .get();
            producer.send(new ProducerRecord<>(topic, 0, "unknown-id", unknownId))
                    .get();
        }

        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, AgencyRecord> consumer = consumer("poison-reader")) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));

            assertThat(pollUntilFailure(consumer))
                    .hasMessageContaining("partition " + topic + "-0 at offset 1")
                    .cause()
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("value of topic 'poison'")
                    .hasMessageContaining("magic byte 0x7B");

            consumer.seek(partition, 2);
            assertThat(pollUntilFailure(consumer))
                    .hasMessageContaining("partition " + topic + "-0 at offset 2")
                    .cause()
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("value of topic 'poison'")
                    .hasMessageContaining("unknown schema id 987654")
                    .hasMessageContaining(REGISTRY.url());
        }
    }

    private static RecordDeserializationException pollUntilFailure(KafkaConsumer<String, AgencyRecord> consumer) {
        RecordDeserializationException[] failure = new RecordDeserializationException[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try {
                consumer.poll(Duration.ofMillis(200));
                return false;
            } catch (RecordDeserializationException e) {
                failure[0] = e;
                return true;
            }
        });
        return failure[0];
    }

    private static KafkaProducer<String, AgencyRecord> transactionalProducer() {
        Map<String, Object> config = KAFKA.adminProperties();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "round-trip-" + UUID.randomUUID());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        Serializer<AgencyRecord> values =
                Topics.INGESTED.valueSerde(REGISTRY.serdeConfig()).serializer();
        return new KafkaProducer<>(config, new StringSerializer(), values);
    }

    private static KafkaConsumer<String, AgencyRecord> consumer(String group) {
        Map<String, Object> config = KAFKA.adminProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        SpecificAvroDeserializer<AgencyRecord> values = new SpecificAvroDeserializer<>(AgencyRecord.class);
        values.configure(REGISTRY.serdeConfig(), false);
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }

    private static boolean atEnd(KafkaConsumer<String, AgencyRecord> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        return !assigned.isEmpty() && assigned.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
    }

    private static Map<String, AgencyRecord> consumeAll(String topic, int expected) {
        Map<String, AgencyRecord> received = new HashMap<>();
        try (KafkaConsumer<String, AgencyRecord> consumer = consumer("round-trip")) {
            consumer.subscribe(List.of(topic));
            // Read to the end of every partition (past the aborted batch), not just to the expected count.
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> received.put(r.key(), r.value()));
                return received.size() >= expected && atEnd(consumer);
            });
        }
        return received;
    }
}

package io.recordflow.enrich.bench;

import io.recordflow.records.AgencyRecord;
import io.recordflow.topics.Topics;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts a backlog of generated records on {@code records.ingested.v1} before a benchmark starts enrich. */
final class BacklogProducer {
    private BacklogProducer() {}

    static void produce(
            String bootstrap, Map<String, Object> serdeConfig, int records, IntFunction<AgencyRecord> recordNumber) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.ACKS_CONFIG,
                "all");
        try (KafkaProducer<String, AgencyRecord> producer = new KafkaProducer<>(
                props,
                new StringSerializer(),
                Topics.INGESTED.valueSerde(serdeConfig).serializer())) {
            for (int i = 0; i < records; i++) {
                AgencyRecord record = recordNumber.apply(i);
                producer.send(new ProducerRecord<>(Topics.INGESTED.name(), record.getRecordId(), record));
            }
            producer.flush();
        }
    }
}

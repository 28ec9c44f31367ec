package io.recordflow.ingest.produce;

import io.recordflow.ingest.pipeline.RecordOutlet;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes ingest results to Kafka with one idempotent producer ({@code enable.idempotence=true}, {@code acks=all}):
 * records to {@code records.ingested.v1} keyed by recordId with provenance headers, audit events to
 * {@code records.audit.v1}, dead letters to {@code records.dlq.v1}. Values are Avro in the Confluent wire format via
 * the topics' registry serdes. A call returns once the broker acknowledged every message of the file, so a file is
 * counted as ingested only when it is durably in Kafka.
 */
public final class KafkaRecordOutlet implements RecordOutlet {

    /** Provenance header names. */
    public static final String HEADER_SOURCE_URI = "recordflow.source.uri";

    public static final String HEADER_SHA256 = "recordflow.sha256";
    public static final String HEADER_CONTENT_URI = "recordflow.content.uri";
    public static final String HEADER_EXTRACTOR = "recordflow.extractor";
    public static final String HEADER_PIPELINE_VERSION = "recordflow.pipeline.version";
    public static final String HEADER_PARENT_RECORD_ID = "recordflow.parent.record.id";
    public static final String HEADER_STAGE = "recordflow.stage";

    private final Producer<String, byte[]> producer;
    private final Serializer<AgencyRecord> records;
    private final Serializer<AuditEvent> audits;
    private final Serializer<DeadLetter> deadLetters;

    public KafkaRecordOutlet(Producer<String, byte[]> producer, Map<String, ?> serdeConfig) {
        this.producer = producer;
        this.records = Topics.INGESTED.valueSerde(serdeConfig).serializer();
        this.audits = Topics.AUDIT.valueSerde(serdeConfig).serializer();
        this.deadLetters = Topics.DLQ.valueSerde(serdeConfig).serializer();
    }

    /** Creates the outlet with its own idempotent producer. */
    public static KafkaRecordOutlet create(String bootstrapServers, Map<String, ?> serdeConfig) {
        return create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), serdeConfig);
    }

    /**
     * Creates the outlet from client settings (bootstrap servers, security, timeouts); the idempotence and
     * acknowledgement settings ingest relies on always win over them.
     */
    public static KafkaRecordOutlet create(Map<String, Object> clientProperties, Map<String, ?> serdeConfig) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.putAll(producerConfig(String.valueOf(clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))));
        return new KafkaRecordOutlet(
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()), serdeConfig);
    }

    /** The producer settings ingest relies on. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "recordflow-ingest");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return config;
    }

    @Override
    public void records(List<AgencyRecord> batch, List<AuditEvent> audit) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (AgencyRecord r : batch) {
            RecordHeaders headers = provenance(r);
            sent.add(send(Topics.INGESTED, records, r.getRecordId(), r, headers));
        }
        for (AuditEvent e : audit) {
            sent.add(send(Topics.AUDIT, audits, e.getRecordId(), e, new RecordHeaders()));
        }
        await(sent);
    }

    @Override
    public void deadLetter(DeadLetter letter, AuditEvent audit) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, HEADER_STAGE, letter.getStage().name());
        header(headers, HEADER_SOURCE_URI, letter.getSourceUri());
        String key = letter.getRecordId() != null ? letter.getRecordId() : letter.getSourceUri();
        await(List.of(
                send(Topics.DLQ, deadLetters, key, letter, headers),
                send(Topics.AUDIT, audits, audit.getRecordId(), audit, new RecordHeaders())));
    }

    private static RecordHeaders provenance(AgencyRecord r) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, HEADER_SOURCE_URI, r.getSourceUri());
        header(headers, HEADER_SHA256, r.getSha256());
        header(headers, HEADER_CONTENT_URI, r.getContentUri());
        header(headers, HEADER_EXTRACTOR, r.getExtractor());
        header(headers, HEADER_PIPELINE_VERSION, r.getPipelineVersion());
        header(headers, HEADER_PARENT_RECORD_ID, r.getParentRecordId());
        header(headers, HEADER_STAGE, "INGEST");
        return headers;
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private <V extends SpecificRecord> Future<RecordMetadata> send(
            Topic<String, V> topic, Serializer<V> serializer, String key, V value, RecordHeaders headers) {
        byte[] bytes = serializer.serialize(topic.name(), headers, value);
        return producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, headers));
    }

    private static void await(List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new KafkaException(
                        "write to Kafka failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while waiting for Kafka to acknowledge", e);
            }
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
        records.close();
        audits.close();
        deadLetters.close();
    }
}

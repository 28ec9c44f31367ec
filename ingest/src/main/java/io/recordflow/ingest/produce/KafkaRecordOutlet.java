package io.recordflow.ingest.produce;

import io.recordflow.ingest.pipeline.RecordOutlet;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes ingest results to Kafka: records to {@code records.ingested.v1} keyed by recordId with provenance headers,
 * audit events to {@code records.audit.v1}, dead letters to {@code records.dlq.v1}. Values are Avro in the Confluent
 * wire format via the topics' registry serdes. Everything of one file is serialized first and then written in one
 * Kafka transaction, so a read_committed reader sees a file's records together with their audit events or nothing
 * of it; a call returns once the transaction is committed, so a file is counted only when it is durably in Kafka.
 * Worker threads write concurrently, each transaction on a producer of a small pool (one per concurrent caller).
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

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordOutlet.class);

    private final Supplier<Producer<String, byte[]>> newProducer;
    private final BlockingQueue<Producer<String, byte[]>> idle = new LinkedBlockingQueue<>();
    private final Set<Producer<String, byte[]>> producers = ConcurrentHashMap.newKeySet();
    private final Serializer<AgencyRecord> records;
    private final Serializer<AuditEvent> audits;
    private final Serializer<DeadLetter> deadLetters;

    /**
     * @param newProducer creates a transactional producer whose {@code initTransactions()} has been called; each call
     *     must give a new transactional id
     */
    public KafkaRecordOutlet(Supplier<Producer<String, byte[]>> newProducer, Map<String, ?> serdeConfig) {
        this.newProducer = newProducer;
        this.records = Topics.INGESTED.valueSerde(serdeConfig).serializer();
        this.audits = Topics.AUDIT.valueSerde(serdeConfig).serializer();
        this.deadLetters = Topics.DLQ.valueSerde(serdeConfig).serializer();
    }

    /** Creates the outlet with its own transactional producers. */
    public static KafkaRecordOutlet create(String bootstrapServers, Map<String, ?> serdeConfig) {
        return create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), serdeConfig);
    }

    /**
     * Creates the outlet from client settings (bootstrap servers, security, timeouts); the idempotence,
     * acknowledgement and transaction settings ingest relies on always win over them.
     */
    public static KafkaRecordOutlet create(Map<String, Object> clientProperties, Map<String, ?> serdeConfig) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.putAll(producerConfig(String.valueOf(clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))));
        // One id per run and producer: ingest runs never fence each other, and a run's transactions are its own.
        String run = "recordflow-ingest-" + UUID.randomUUID();
        AtomicInteger counter = new AtomicInteger();
        return new KafkaRecordOutlet(
                () -> {
                    int n = counter.incrementAndGet();
                    Map<String, Object> own = new HashMap<>(config);
                    own.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, run + "-" + n);
                    own.put(ProducerConfig.CLIENT_ID_CONFIG, "recordflow-ingest-" + n);
                    KafkaProducer<String, byte[]> producer =
                            new KafkaProducer<>(own, new StringSerializer(), new ByteArraySerializer());
                    try {
                        producer.initTransactions();
                    } catch (RuntimeException e) {
                        producer.close(Duration.ZERO);
                        throw e;
                    }
                    return producer;
                },
                serdeConfig);
    }

    /** The producer settings ingest relies on (a transactional id is added per producer). */
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
        String what = batch.isEmpty() ? "an empty batch" : batch.get(0).getSourceUri();
        List<ProducerRecord<String, byte[]>> messages = new ArrayList<>();
        try {
            for (AgencyRecord r : batch) {
                messages.add(message(Topics.INGESTED, records, r.getRecordId(), r, provenance(r)));
            }
            for (AuditEvent e : audit) {
                messages.add(message(Topics.AUDIT, audits, e.getRecordId(), e, new RecordHeaders()));
            }
        } catch (SerializationException e) {
            throw new SerializationException(
                    what + ": nothing written (" + batch.size() + " record(s), " + audit.size() + " audit event(s)): "
                            + e.getMessage(),
                    e);
        }
        inOneTransaction(what, messages);
    }

    @Override
    public void deadLetter(DeadLetter letter, AuditEvent audit) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, HEADER_STAGE, letter.getStage().name());
        header(headers, HEADER_SOURCE_URI, letter.getSourceUri());
        String key = letter.getRecordId() != null ? letter.getRecordId() : letter.getSourceUri();
        String what = "dead letter for " + letter.getSourceUri();
        List<ProducerRecord<String, byte[]>> messages;
        try {
            messages = List.of(
                    message(Topics.DLQ, deadLetters, key, letter, headers),
                    message(Topics.AUDIT, audits, audit.getRecordId(), audit, new RecordHeaders()));
        } catch (SerializationException e) {
            throw new SerializationException(what + ": nothing written: " + e.getMessage(), e);
        }
        inOneTransaction(what, messages);
    }

    private void inOneTransaction(String what, List<ProducerRecord<String, byte[]>> messages) {
        Producer<String, byte[]> producer = acquire();
        boolean reusable = false;
        try {
            producer.beginTransaction();
            messages.forEach(producer::send);
            // Throws when any send of the transaction failed; the transaction is then aborted below.
            producer.commitTransaction();
            reusable = true;
        } catch (ProducerFencedException
                | OutOfOrderSequenceException
                | AuthorizationException
                | UnsupportedVersionException e) {
            throw new KafkaException(what + ": write to Kafka failed, nothing committed: " + e.getMessage(), e);
        } catch (KafkaException e) {
            reusable = abort(producer, what);
            throw new KafkaException(what + ": write to Kafka failed, transaction aborted: " + e.getMessage(), e);
        } finally {
            release(producer, reusable);
        }
    }

    private static boolean abort(Producer<String, byte[]> producer, String what) {
        try {
            producer.abortTransaction();
            return true;
        } catch (KafkaException e) {
            LOG.warn("{}: could not abort the transaction; its producer is dropped: {}", what, e.getMessage());
            return false;
        }
    }

    private Producer<String, byte[]> acquire() {
        Producer<String, byte[]> producer = idle.poll();
        if (producer == null) {
            producer = newProducer.get();
            producers.add(producer);
        }
        return producer;
    }

    private void release(Producer<String, byte[]> producer, boolean reusable) {
        if (reusable) {
            idle.add(producer);
        } else {
            producers.remove(producer);
            producer.close(Duration.ZERO);
        }
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

    private static <V extends SpecificRecord> ProducerRecord<String, byte[]> message(
            Topic<String, V> topic, Serializer<V> serializer, String key, V value, RecordHeaders headers) {
        byte[] bytes = serializer.serialize(topic.name(), headers, value);
        return new ProducerRecord<>(topic.name(), null, key, bytes, headers);
    }

    /** Nothing to wait for: every call returns only after its transaction committed. */
    @Override
    public void flush() {
        // Each records() and deadLetter() call commits its own transaction before returning.
    }

    @Override
    public void close() {
        producers.forEach(Producer::close);
        producers.clear();
        idle.clear();
        records.close();
        audits.close();
        deadLetters.close();
    }
}

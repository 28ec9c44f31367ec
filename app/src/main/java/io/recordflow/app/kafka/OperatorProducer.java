package io.recordflow.app.kafka;

import io.recordflow.app.RecordFlowVersion;
import io.recordflow.app.config.ClientConfig;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.Outcome;
import io.recordflow.serde.SpecificAvroSerde;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The writes of operator commands: a transactional producer ({@code acks=all}) whose every send waits for the
 * broker's acknowledgement, so a command reports only what really landed. Writes that belong together (a decision and
 * its audit event, a redrive and its audit event) go through {@link #inTransaction}: readers ({@code read_committed})
 * see both or neither.
 */
public final class OperatorProducer implements AutoCloseable {

    private final ClientConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private boolean initialized;
    private boolean inTransaction;

    public OperatorProducer(ClientConfig config, String clientId) {
        this.config = config;
        Map<String, Object> props = new HashMap<>(config.kafkaProperties());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // One id per producer: operator commands and console sessions may write side by side and must not fence
        // each other; a crashed one's open transaction is aborted by the broker after transaction.timeout.ms.
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, clientId + "-" + UUID.randomUUID());
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.max(config.clientTimeoutMs(), 60_000));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.clientTimeoutMs());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(config.clientTimeoutMs(), 31_000));
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Runs {@code writes} in one Kafka transaction and commits it; when anything in it fails the transaction is
     * aborted and the failure rethrown, so none of its writes becomes visible to {@code read_committed} readers.
     */
    public synchronized <T> T inTransaction(Supplier<T> writes) {
        if (inTransaction) {
            return writes.get();
        }
        if (!initialized) {
            producer.initTransactions();
            initialized = true;
        }
        producer.beginTransaction();
        inTransaction = true;
        try {
            T result = writes.get();
            producer.commitTransaction();
            return result;
        } catch (RuntimeException e) {
            abort(e);
            throw e;
        } finally {
            inTransaction = false;
        }
    }

    private void abort(RuntimeException cause) {
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailure) {
            // The broker aborts the open transaction itself after transaction.timeout.ms; keep the first failure.
            cause.addSuppressed(abortFailure);
        }
    }

    /** Sends raw bytes and waits for the acknowledgement; outside {@link #inTransaction} in a transaction of its own. */
    public synchronized RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
        if (!inTransaction) {
            return inTransaction(() -> send(record));
        }
        try {
            return producer.send(record).get(config.clientTimeoutMs() + 5_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "cannot write to " + record.topic() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException(
                    "no acknowledgement from " + record.topic() + " within " + config.clientTimeoutMs() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing to " + record.topic(), e);
        }
    }

    /** Serializes {@code value} with the topic's registry serde and sends it keyed by {@code key}. */
    public <V extends SpecificRecord> RecordMetadata send(Topic<String, V> topic, String key, V value) {
        byte[] bytes;
        try (SpecificAvroSerde<V> serde = topic.valueSerde(config.serdeConfig())) {
            bytes = serde.serializer().serialize(topic.name(), value);
        }
        return send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8), bytes));
    }

    /** Writes a successful audit event for {@code recordId} to records.audit.v1. */
    public RecordMetadata audit(String recordId, String step, String actor, Map<String, String> detail) {
        return audit(recordId, step, Outcome.SUCCESS, actor, detail);
    }

    /** Writes an audit event with {@code outcome} for {@code recordId} to records.audit.v1. */
    public RecordMetadata audit(
            String recordId, String step, Outcome outcome, String actor, Map<String, String> detail) {
        AuditEvent event = AuditEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRecordId(recordId)
                .setStep(step)
                .setOutcome(outcome)
                .setActor(actor)
                .setOccurredAt(Instant.now())
                .setPipelineVersion(RecordFlowVersion.current())
                .setDetail(new HashMap<>(detail))
                .build();
        return send(Topics.AUDIT, recordId, event);
    }

    @Override
    public void close() {
        producer.close();
    }
}

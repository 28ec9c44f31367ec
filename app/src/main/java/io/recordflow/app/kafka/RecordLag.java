package io.recordflow.app.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The committed lag of a consumer group, as {@code recordflow status} and {@code recordflow run} report it: per
 * partition, end minus committed offset, but only when a record lies in between. Enrich writes in transactions, so
 * after the last record of a partition comes a commit marker: a sink that committed everything still sits one offset
 * short of the end. Where the offsets say there is lag, a committed-read consumer looks whether any record lies
 * between the committed offset and the end.
 */
public final class RecordLag implements AutoCloseable {

    private static final Duration LOOK_AHEAD = Duration.ofSeconds(3);

    private final Map<String, Object> clientProperties;
    private KafkaConsumer<byte[], byte[]> consumer;

    /** Looks ahead with a consumer built from {@code clientProperties} (its group id is dropped). */
    public RecordLag(Map<String, Object> clientProperties) {
        this.clientProperties = clientProperties;
    }

    /** Per partition of {@code committed}, end minus committed when a record lies in between, else 0. */
    public Map<TopicPartition, Long> of(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> lag = new HashMap<>();
        Map<TopicPartition, Long> toCheck = new HashMap<>();
        committed.forEach((tp, offset) -> {
            long behind = Math.max(0, end.get(tp) - offset);
            lag.put(tp, behind);
            if (behind > 0) {
                toCheck.put(tp, offset);
            }
        });
        if (!toCheck.isEmpty()) {
            KafkaConsumer<byte[], byte[]> lookAhead = consumer();
            lookAhead.assign(toCheck.keySet());
            lookAhead.resume(lookAhead.paused());
            toCheck.forEach(lookAhead::seek);
            lookForRecords(lookAhead, toCheck, end).forEach(tp -> lag.put(tp, 0L));
        }
        return lag;
    }

    /** The sum of {@link #of} over all partitions. */
    public long total(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> end) {
        return of(committed, end).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The partitions among {@code toCheck} that hold no record before their end offset. */
    private static Set<TopicPartition> lookForRecords(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> toCheck, Map<TopicPartition, Long> end) {
        Set<TopicPartition> open = new HashSet<>(toCheck.keySet());
        Set<TopicPartition> markersOnly = new HashSet<>();
        Instant deadline = Instant.now().plus(LOOK_AHEAD);
        while (!open.isEmpty() && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() < end.get(tp)) {
                    open.remove(tp);
                    consumer.pause(List.of(tp));
                }
            }
            for (TopicPartition tp : List.copyOf(open)) {
                if (consumer.position(tp) >= end.get(tp)) {
                    open.remove(tp);
                    markersOnly.add(tp);
                }
            }
        }
        return markersOnly;
    }

    // One consumer for every look-ahead: run asks once a second while it follows the pipeline.
    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}

package io.recordflow.app.kafka;

import io.recordflow.app.config.ClientConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic as it is when the read starts: all partitions from the beginning up to the end offsets captured at
 * start, committed transactions only, without a consumer group. Commands built on it therefore terminate.
 */
public final class TopicSnapshotReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;

    public TopicSnapshotReader(ClientConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafkaProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "recordflow-cli-reader");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Handles one decoded record. */
    @FunctionalInterface
    public interface RecordHandler<V> {
        void accept(ConsumerRecord<byte[], byte[]> raw, V value);
    }

    /** Told about records whose value cannot be decoded; they are skipped, never silently. */
    @FunctionalInterface
    public interface UndecodableHandler {
        void accept(ConsumerRecord<byte[], byte[]> raw, RuntimeException error);
    }

    /** Told after every poll how many records were read so far. */
    @FunctionalInterface
    public interface ProgressListener {
        void update(long read, long total);
    }

    /**
     * Reads {@code topic} to the end offsets captured now, decoding values with {@code valueDeserializer}
     * (tombstones arrive as null). Fails with UnknownTopicOrPartitionException when the topic does not exist.
     *
     * @return the number of records read
     */
    public <V> long read(
            String topic,
            Deserializer<V> valueDeserializer,
            RecordHandler<V> handler,
            UndecodableHandler undecodable,
            ProgressListener progress) {
        List<TopicPartition> partitions = partitionsOf(topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return readToEnd(partitions, valueDeserializer, handler, undecodable, progress);
    }

    /**
     * Reads at most the last {@code perPartition} offsets of every partition of {@code topic} (fewer records when
     * some of those offsets are transaction markers), up to the end offsets captured now.
     */
    public <V> long readTail(
            String topic,
            int perPartition,
            Deserializer<V> valueDeserializer,
            RecordHandler<V> handler,
            UndecodableHandler undecodable) {
        List<TopicPartition> partitions = partitionsOf(topic);
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - perPartition));
        }
        return readToEnd(partitions, valueDeserializer, handler, undecodable, (read, total) -> {});
    }

    private <V> long readToEnd(
            List<TopicPartition> partitions,
            Deserializer<V> valueDeserializer,
            RecordHandler<V> handler,
            UndecodableHandler undecodable,
            ProgressListener progress) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long total = 0;
        for (TopicPartition tp : partitions) {
            total += end.get(tp) - consumer.position(tp);
        }
        Set<TopicPartition> remaining = new HashSet<>();
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                remaining.add(tp);
            }
        }
        long read = 0;
        progress.update(0, total);
        while (!remaining.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(raw.topic(), raw.partition());
                if (raw.offset() >= end.get(tp)) {
                    continue;
                }
                read++;
                decode(raw, valueDeserializer, handler, undecodable);
            }
            // Positions, not record offsets: transaction markers and aborted records occupy offsets too.
            remaining.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            progress.update(read, total);
        }
        consumer.unsubscribe();
        return read;
    }

    private static <V> void decode(
            ConsumerRecord<byte[], byte[]> raw,
            Deserializer<V> deserializer,
            RecordHandler<V> handler,
            UndecodableHandler undecodable) {
        V value;
        try {
            value = raw.value() == null ? null : deserializer.deserialize(raw.topic(), raw.headers(), raw.value());
        } catch (RuntimeException e) {
            undecodable.accept(raw, e);
            return;
        }
        handler.accept(raw, value);
    }

    private List<TopicPartition> partitionsOf(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Where a record sits, as topic-partition@offset. */
    public static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    @Override
    public void close() {
        consumer.close();
    }
}

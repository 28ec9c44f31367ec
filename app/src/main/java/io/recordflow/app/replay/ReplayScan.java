package io.recordflow.app.replay;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.kafka.TopicSnapshotReader;
import io.recordflow.records.AgencyRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the records of a replay range once, without a consumer group: how many there are per partition, the offset
 * of the last one (a replay is complete when its group has committed past it) and the first few for a preview.
 */
public final class ReplayScan {

    private static final Duration POLL = Duration.ofMillis(500);

    private ReplayScan() {}

    /** One record of the preview: where it is, its id and file name (or why it cannot be read). */
    public record Preview(int partition, long offset, String recordId, String fileName) {}

    /** Per partition the number of records in range and the offset of the last one (-1 when none). */
    public record Result(SortedMap<Integer, Long> counts, SortedMap<Integer, Long> lastOffsets, List<Preview> preview) {
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Scans {@code range}, decoding the first {@code previewLimit} records (in partition and offset order) with {@code values}. */
    public static Result scan(
            ClientConfig config,
            ReplayRange range,
            int previewLimit,
            Deserializer<AgencyRecord> values,
            TopicSnapshotReader.ProgressListener progress) {
        Map<String, Object> props = new HashMap<>(config.kafkaProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "recordflow-replay-scan");
        SortedMap<Integer, Long> counts = new TreeMap<>();
        SortedMap<Integer, Long> last = new TreeMap<>();
        // The first records of every partition: the preview is the first N in partition and offset order.
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> firsts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> open = new ArrayList<>();
            range.partitions().forEach((p, span) -> {
                counts.put(p, 0L);
                last.put(p, -1L);
                if (span.size() > 0) {
                    open.add(new TopicPartition(range.topic(), p));
                }
            });
            consumer.assign(open);
            open.forEach(tp ->
                    consumer.seek(tp, range.partitions().get(tp.partition()).start()));
            long read = 0;
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    ReplayRange.Span span = range.partitions().get(record.partition());
                    if (record.offset() >= span.end()) {
                        continue;
                    }
                    counts.merge(record.partition(), 1L, Long::sum);
                    last.put(record.partition(), record.offset());
                    read++;
                    List<ConsumerRecord<byte[], byte[]>> kept =
                            firsts.computeIfAbsent(record.partition(), p -> new ArrayList<>());
                    if (kept.size() < previewLimit) {
                        kept.add(record);
                    }
                }
                open.removeIf(tp -> {
                    if (consumer.position(tp)
                            >= range.partitions().get(tp.partition()).end()) {
                        consumer.pause(List.of(tp));
                        return true;
                    }
                    return false;
                });
                progress.update(read, Math.max(read, range.offsetCount()));
            }
        }
        List<Preview> preview = firsts.values().stream()
                .flatMap(List::stream)
                .sorted(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                        .thenComparingLong(ConsumerRecord::offset))
                .limit(previewLimit)
                .map(r -> preview(r, values))
                .toList();
        return new Result(counts, last, preview);
    }

    private static Preview preview(ConsumerRecord<byte[], byte[]> raw, Deserializer<AgencyRecord> values) {
        String key = raw.key() == null ? null : new String(raw.key(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            AgencyRecord record = values.deserialize(raw.topic(), raw.value());
            if (record == null) {
                return new Preview(raw.partition(), raw.offset(), key, "(tombstone)");
            }
            return new Preview(
                    raw.partition(),
                    raw.offset(),
                    record.getRecordId(),
                    record.getFileName() != null ? record.getFileName() : record.getSourceUri());
        } catch (RuntimeException e) {
            return new Preview(raw.partition(), raw.offset(), key, "(not an AgencyRecord: " + e.getMessage() + ")");
        }
    }
}

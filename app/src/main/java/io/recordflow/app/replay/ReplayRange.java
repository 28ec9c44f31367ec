package io.recordflow.app.replay;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a replay covers on each partition of the input topic: from the start (inclusive) to the end
 * (exclusive), the end being the committed end captured now or the first record at or after {@code --until}.
 */
public record ReplayRange(String topic, SortedMap<Integer, Span> partitions) {

    /** Offsets {@code [start, end)} of one partition. */
    public record Span(long start, long end) {
        public long size() {
            return Math.max(0, end - start);
        }
    }

    /** Resolves {@code from} and {@code until} (may be null: the end offsets now) against the topic's offsets. */
    public static ReplayRange resolve(Admin admin, String topic, ReplayStart from, Instant until) {
        try {
            int count = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            Map<TopicPartition, Long> earliest = offsets(admin, topic, count, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(admin, topic, count, OffsetSpec.latest());
            Map<TopicPartition, Long> starts = switch (from.kind()) {
                case EARLIEST -> earliest;
                case OFFSET -> clamp(earliest, latest, from.offset());
                case TIMESTAMP ->
                    atOrLatest(
                            offsets(
                                    admin,
                                    topic,
                                    count,
                                    OffsetSpec.forTimestamp(from.timestamp().toEpochMilli())),
                            latest);
            };
            Map<TopicPartition, Long> ends = until == null
                    ? latest
                    : atOrLatest(offsets(admin, topic, count, OffsetSpec.forTimestamp(until.toEpochMilli())), latest);
            SortedMap<Integer, Span> spans = new TreeMap<>();
            for (TopicPartition tp : latest.keySet()) {
                long start = starts.get(tp);
                spans.put(tp.partition(), new Span(start, Math.max(start, ends.get(tp))));
            }
            return new ReplayRange(topic, spans);
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "cannot read the offsets of " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while reading the offsets of " + topic, e);
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, String topic, int partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), spec);
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = admin.listOffsets(
                        request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get();
        Map<TopicPartition, Long> offsets = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        info.forEach((tp, i) -> offsets.put(tp, i.offset()));
        return offsets;
    }

    /** An offset given on the command line applies to every partition, within what the partition holds. */
    private static Map<TopicPartition, Long> clamp(
            Map<TopicPartition, Long> earliest, Map<TopicPartition, Long> latest, long offset) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        earliest.forEach((tp, low) -> starts.put(tp, Math.min(Math.max(low, offset), latest.get(tp))));
        return starts;
    }

    /** Offsets by timestamp, where "no record at or after the time" (-1) means the end. */
    private static Map<TopicPartition, Long> atOrLatest(
            Map<TopicPartition, Long> byTime, Map<TopicPartition, Long> latest) {
        Map<TopicPartition, Long> result = new HashMap<>();
        byTime.forEach((tp, offset) -> result.put(tp, offset < 0 ? latest.get(tp) : offset));
        return result;
    }

    /** Offsets covered in total (an upper bound of the records: transaction markers take offsets too). */
    public long offsetCount() {
        return partitions.values().stream().mapToLong(Span::size).sum();
    }

    /** The {@code enrich.input.stop.offsets} value ending the replay: partition:end pairs. */
    public String stopOffsetsSetting() {
        return String.join(
                ",",
                partitions.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue().end())
                        .toList());
    }
}

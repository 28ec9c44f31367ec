package io.recordflow.sink.delivery;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Offsets of records that are durably written (committed to the database, or inside a finished bag) or
 * reported as bad. {@code preCommit} hands only these to the worker, so a crash replays everything else.
 */
public final class DurableOffsets {

  private final Map<TopicPartition, OffsetAndMetadata> written = new HashMap<>();

  /** Marks records as done; the committed offset is the next one to read. */
  public synchronized void markDone(Collection<SinkRecord> records) {
    for (SinkRecord record : records) {
      TopicPartition partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
      long next = record.originalKafkaOffset() + 1;
      OffsetAndMetadata current = written.get(partition);
      if (current == null || current.offset() < next) {
        written.put(partition, new OffsetAndMetadata(next));
      }
    }
  }

  /** The durable offsets of the partitions the worker asks about. */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable(
      Map<TopicPartition, OffsetAndMetadata> consumed) {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    for (TopicPartition partition : consumed.keySet()) {
      OffsetAndMetadata offset = written.get(partition);
      if (offset != null) {
        result.put(partition, offset);
      }
    }
    return result;
  }

  /** Forgets partitions this task no longer owns. */
  public synchronized void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(written::remove);
  }
}

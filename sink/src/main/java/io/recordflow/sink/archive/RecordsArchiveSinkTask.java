package io.recordflow.sink.archive;

import io.recordflow.sink.connector.RecordsSinkConnector;
import io.recordflow.sink.delivery.BadRecordReporter;
import io.recordflow.sink.delivery.DurableOffsets;
import io.recordflow.sink.delivery.RetrySettings;
import io.recordflow.sink.delivery.TransientRetries;
import io.recordflow.sink.version.SinkVersion;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sink task archiving enriched records into BagIt bags through {@link ArchiveWriter}. */
public class RecordsArchiveSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsArchiveSinkTask.class);

    private final DurableOffsets durable = new DurableOffsets();
    private ArchiveWriter writer;
    private BadRecordReporter badRecords;
    private TransientRetries retries;

    @Override
    public String version() {
        return SinkVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        ArchiveSinkConfig config = new ArchiveSinkConfig(props);
        badRecords = BadRecordReporter.of(context);
        retries = RetrySettings.retries(config, context);
        writer = new ArchiveWriter(
                config, props.getOrDefault(RecordsSinkConnector.TASK_ID, "task-0"), badRecords, Clock.systemUTC());
        try {
            writer.recover();
        } catch (IOException e) {
            throw new ConnectException("Cannot open the archive " + config.archiveDir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            durable.markDone(writer.write(records));
            durable.markDone(writer.rollIfDue());
            retries.succeeded();
        } catch (IOException e) {
            throw retries.failed("Archiving " + records.size() + " records", e);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            durable.markDone(writer.rollIfDue());
        } catch (IOException e) {
            // The bag stays open and is retried on the next put or commit; its records are simply not committed yet.
            LOG.warn("Could not finish the bag due by age: {}", e.getMessage(), e);
        }
        badRecords.awaitReported();
        return durable.committable(currentOffsets);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        finishOpenBag();
        durable.forget(partitions);
    }

    @Override
    public void stop() {
        if (writer != null) {
            finishOpenBag();
        }
    }

    private void finishOpenBag() {
        try {
            durable.markDone(writer.finishOpenBag());
        } catch (IOException e) {
            // Nothing of the unfinished bag was committed: a restart discards it and the records are redelivered.
            LOG.error("Could not finish the open bag; its records will be redelivered: {}", e.getMessage(), e);
        }
    }
}

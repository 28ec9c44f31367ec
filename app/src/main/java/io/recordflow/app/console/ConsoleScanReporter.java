package io.recordflow.app.console;

import io.recordflow.app.kafka.TopicScan;
import io.recordflow.app.kafka.TopicSnapshotReader;
import io.recordflow.app.kafka.TopicSnapshotReader.ProgressListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The console's topic reads report no progress (a page is answered at once) and log each undecodable record. */
final class ConsoleScanReporter implements TopicScan.Reporter {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleScanReporter.class);

    @Override
    public ProgressListener progress(String topic) {
        return (read, total) -> {};
    }

    @Override
    public void undecodable(ConsumerRecord<byte[], byte[]> raw, RuntimeException error) {
        LOG.warn(
                "console: skipped undecodable record at {}: {}", TopicSnapshotReader.position(raw), error.getMessage());
    }
}

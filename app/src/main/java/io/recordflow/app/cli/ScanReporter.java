package io.recordflow.app.cli;

import io.recordflow.app.kafka.TopicScan;
import io.recordflow.app.kafka.TopicSnapshotReader;
import java.io.PrintWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reports a command's topic reads on stderr: progress per topic and one warning per undecodable record. */
public final class ScanReporter implements TopicScan.Reporter {

    private final PrintWriter err;
    private long undecodable;

    public ScanReporter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public TopicSnapshotReader.ProgressListener progress(String topic) {
        return Progress.of(err, "reading " + topic);
    }

    @Override
    public void undecodable(ConsumerRecord<byte[], byte[]> raw, RuntimeException error) {
        undecodable++;
        err.println("warning: skipped undecodable record at " + TopicSnapshotReader.position(raw) + ": "
                + error.getMessage());
    }

    /** How many records were skipped because they could not be decoded. */
    public long undecodable() {
        return undecodable;
    }
}

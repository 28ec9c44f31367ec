package io.recordflow.sink.archive;

import static io.recordflow.sink.fixtures.EnrichedRecords.sinkRecord;

import io.recordflow.sink.fixtures.BlobStoreFixture;
import io.recordflow.sink.fixtures.RecordingTaskContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs an archive task in its own JVM, one record per put, printing each committed offset, until
 * {@link ArchiveCrashIT} kills the process with SIGKILL at an arbitrary point of a bag's life.
 */
public final class ArchiveCrashChild {

    private ArchiveCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(args[0]);
        BlobStoreFixture blobs = new BlobStoreFixture(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        RecordsArchiveSinkTask task = new RecordsArchiveSinkTask();
        task.initialize(new RecordingTaskContext(true));
        task.start(Map.of(
                ArchiveSinkConfig.ARCHIVE_DIR,
                archive.toString(),
                ArchiveSinkConfig.BLOB_ROOT,
                blobs.root().toString(),
                ArchiveSinkConfig.BAG_MAX_RECORDS,
                "3"));
        TopicPartition partition = new TopicPartition("records.enriched.v1", 0);
        for (int n = 0; n < count; n++) {
            task.put(List.of(sinkRecord(partition.topic(), 0, n, blobs.stored(n))));
            OffsetAndMetadata committed = task.preCommit(Map.of(partition, new OffsetAndMetadata(n + 1)))
                    .get(partition);
            System.out.println("COMMITTED " + (committed == null ? 0 : committed.offset()));
            System.out.flush();
        }
        System.out.println("DONE");
    }
}

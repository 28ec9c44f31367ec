package io.recordflow.sink.archive;

import static io.recordflow.sink.fixtures.EnrichedRecords.sinkRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.sink.fixtures.BagItVerifier;
import io.recordflow.sink.fixtures.BlobStoreFixture;
import io.recordflow.sink.fixtures.RecordingTaskContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a task's JVM with SIGKILL while it writes bags and checks that no half bag looks complete. */
class ArchiveCrashIT {

    private static final int RECORDS = 400;

    @TempDir
    Path temp;

    @Test
    void shouldNeverLeaveAHalfBagThatLooksCompleteWhenTheTaskIsKilled() throws Exception {
        Path archive = temp.resolve("archive");
        BlobStoreFixture blobs = new BlobStoreFixture(temp.resolve("blobs"));
        long[] killAfterCommitted = {4, 11, 25};
        long lastCommitted = 0;
        for (long threshold : killAfterCommitted) {
            lastCommitted = Math.max(lastCommitted, runAndKill(archive, blobs, threshold));
            for (Path bag : BagItVerifier.bags(archive)) {
                assertThat(BagItVerifier.problems(bag))
                        .as("bag %s after a kill", bag)
                        .isEmpty();
            }
        }
        assertThat(lastCommitted).isGreaterThanOrEqualTo(25);

        // A new task replays everything: each record ends up in exactly one valid bag.
        RecordsArchiveSinkTask task = new RecordsArchiveSinkTask();
        task.initialize(new RecordingTaskContext(true));
        task.start(Map.of(
                ArchiveSinkConfig.ARCHIVE_DIR,
                archive.toString(),
                ArchiveSinkConfig.BLOB_ROOT,
                blobs.root().toString(),
                ArchiveSinkConfig.BAG_MAX_RECORDS,
                "3"));
        int replayed = (int) lastCommitted + 20;
        List<SinkRecord> records = new ArrayList<>();
        for (int n = 0; n < replayed; n++) {
            records.add(sinkRecord("records.enriched.v1", 0, n, blobs.stored(n)));
        }
        task.put(records);
        task.stop();

        List<String> ids = new ArrayList<>();
        for (Path bag : BagItVerifier.bags(archive)) {
            assertThat(BagItVerifier.problems(bag)).as(bag.toString()).isEmpty();
            ids.addAll(BagItVerifier.recordIds(bag));
        }
        assertThat(ids).hasSize(replayed).doesNotHaveDuplicates();
    }

    /** Starts the child JVM, kills it once it reports {@code threshold} committed records; returns the last commit. */
    private static long runAndKill(Path archive, BlobStoreFixture blobs, long threshold) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.recordflow.records,java.lang,java.util,java.math",
                        ArchiveCrashChild.class.getName(),
                        archive.toString(),
                        blobs.root().toString(),
                        String.valueOf(RECORDS))
                .redirectErrorStream(true)
                .start();
        long committed = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("COMMITTED ")) {
                    committed = Long.parseLong(line.substring("COMMITTED ".length()));
                    if (committed >= threshold) {
                        // SIGKILL: no shutdown hooks, no stop(); the open bag is left exactly as it was.
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(committed).as("child committed before the kill").isGreaterThanOrEqualTo(threshold);
        return committed;
    }
}

package io.recordflow.sink.bench;

import static io.recordflow.sink.fixtures.EnrichedRecords.sinkRecord;

import io.recordflow.sink.archive.ArchiveSinkConfig;
import io.recordflow.sink.archive.RecordsArchiveSinkTask;
import io.recordflow.sink.fixtures.BagItVerifier;
import io.recordflow.sink.fixtures.BlobStoreFixture;
import io.recordflow.sink.fixtures.EnrichedRecords;
import io.recordflow.sink.fixtures.PostgresSchema;
import io.recordflow.sink.fixtures.RecordingTaskContext;
import io.recordflow.sink.jdbc.JdbcSinkConfig;
import io.recordflow.sink.jdbc.RecordsJdbcSinkTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Throughput of the sink tasks (not a test): rows/s into the local PostgreSQL for 50,000 records at batch sizes
 * 100 and 1,000, and bags/s for the archive. Records arrive in polls of 500 as from a Connect worker; only
 * {@code put} (and the final flush) is timed. Run with {@code mvn -B -pl sink -am -Pbench verify -DskipTests}.
 */
public final class SinkBenchmark {

    private static final String TOPIC = "records.enriched.v1";
    private static final int POLL = 500;

    private SinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        int jdbcRecords = Integer.parseInt(System.getProperty("bench.jdbc.records", "50000"));
        int archiveRecords = Integer.parseInt(System.getProperty("bench.archive.records", "5000"));
        List<String> report = new ArrayList<>();
        for (int batchSize : new int[] {100, 1_000}) {
            report.add(jdbc(jdbcRecords, batchSize));
        }
        report.add(archive(archiveRecords, 100));
        report.forEach(System.out::println);
        Path out = Path.of("target", "bench-results.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    private static String jdbc(int records, int batchSize) throws Exception {
        try (PostgresSchema schema = new PostgresSchema("bench")) {
            RecordsJdbcSinkTask task = new RecordsJdbcSinkTask();
            task.initialize(new RecordingTaskContext(false));
            task.start(Map.of(
                    JdbcSinkConfig.CONNECTION_URL,
                    PostgresSchema.URL,
                    JdbcSinkConfig.CONNECTION_USER,
                    PostgresSchema.USER,
                    JdbcSinkConfig.TABLE_SCHEMA,
                    schema.name(),
                    JdbcSinkConfig.BATCH_SIZE,
                    String.valueOf(batchSize)));
            long nanos = timePuts(task, records, n -> sinkRecord(TOPIC, 0, n, EnrichedRecords.enriched(n)));
            task.stop();
            long rows = schema.count("records");
            if (rows != records) {
                throw new IllegalStateException("expected " + records + " rows, found " + rows);
            }
            return String.format(
                    Locale.ROOT,
                    "jdbc  records=%d batch.size=%d seconds=%.2f rows/s=%.0f",
                    records,
                    batchSize,
                    nanos / 1e9,
                    records / (nanos / 1e9));
        }
    }

    private static String archive(int records, int bagSize) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "archive-bench");
        BlobStoreFixture blobs = new BlobStoreFixture(dir.resolve("blobs"));
        Path archive = dir.resolve("archive");
        RecordsArchiveSinkTask task = new RecordsArchiveSinkTask();
        task.initialize(new RecordingTaskContext(false));
        task.start(Map.of(
                ArchiveSinkConfig.ARCHIVE_DIR,
                archive.toString(),
                ArchiveSinkConfig.BLOB_ROOT,
                blobs.root().toString(),
                ArchiveSinkConfig.BAG_MAX_RECORDS,
                String.valueOf(bagSize)));
        long nanos = timePuts(task, records, n -> sinkRecord(TOPIC, 0, n, blobs.stored(n)));
        long start = System.nanoTime();
        task.stop();
        nanos += System.nanoTime() - start;
        int bags = BagItVerifier.bags(archive).size();
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        return String.format(
                Locale.ROOT,
                "archive records=%d bag.max.records=%d bags=%d seconds=%.2f bags/s=%.1f records/s=%.0f",
                records,
                bagSize,
                bags,
                nanos / 1e9,
                bags / (nanos / 1e9),
                records / (nanos / 1e9));
    }

    /** A record source that may do I/O (writing blobs) before the timed part. */
    private interface RecordFactory {
        SinkRecord create(int n) throws Exception;
    }

    private static long timePuts(SinkTask task, int records, RecordFactory factory) throws Exception {
        long nanos = 0;
        for (int from = 0; from < records; from += POLL) {
            List<SinkRecord> poll = new ArrayList<>(POLL);
            for (int n = from; n < Math.min(records, from + POLL); n++) {
                poll.add(factory.create(n));
            }
            long start = System.nanoTime();
            task.put(poll);
            nanos += System.nanoTime() - start;
        }
        return nanos;
    }
}

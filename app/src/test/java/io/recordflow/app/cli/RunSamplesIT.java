package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.fixtures.ArchiveBags;
import io.recordflow.app.fixtures.JarRun;
import io.recordflow.app.fixtures.RecordsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command end to end: {@code java -jar recordflow.jar run samples/} as a separate process from the
 * shaded jar the build just packaged, checked by its exit code, its summary, the BagIt bags it leaves behind and the
 * rows it upserts into the test PostgreSQL.
 */
@TestMethodOrder(OrderAnnotation.class)
class RunSamplesIT {

    private static final Path SAMPLES =
            Path.of("..", "samples").toAbsolutePath().normalize();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

    @TempDir
    static Path work;

    private static final RecordsTable TABLE = RecordsTable.freshSchema("run_samples_");

    private static Path dataDir;
    private static JarRun first;

    @BeforeAll
    static void runSamplesOnce() throws Exception {
        dataDir = work.resolve("recordflow-data");
        first = runOverSamples("first");
    }

    @AfterAll
    static void dropSchema() throws Exception {
        TABLE.drop();
    }

    private static JarRun runOverSamples(String name) throws Exception {
        return JarRun.runLocally(work, name, dataDir, TABLE, SAMPLES).finish(RUN_TIMEOUT);
    }

    @Test
    @Order(1)
    void shouldIngestEnrichAndArchiveEverySampleAndExitZero() throws IOException {
        long samples = sampleCount();
        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.stdout())
                .contains("files:        " + samples + " ingested, 0 duplicates skipped, 0 failed")
                .contains("this run:     " + samples + " records ingested, " + samples + " enriched, 0 dead-lettered")
                // The offline model sends no request to a model server.
                .contains(samples + " enriched by this run: 0 model call(s), 0 answered from the cache")
                .contains("model:        local")
                .contains("rows:         upserted into " + TABLE.schema() + ".records");
        assertThat(first.stdout())
                .contains("personnel-action-sf50.pdf", "GRS-2.2-040")
                .contains("it-incident-report.pdf", "GRS-3.2-020")
                .contains("foia-request.eml", "GRS-4.2-020");
    }

    @Test
    @Order(2)
    void shouldLeaveValidBagsHoldingEveryOriginal() throws Exception {
        ArchiveBags bags = bags();
        assertThat(bags.bags()).isNotEmpty();
        bags.verifyEach();
        List<String> originals = bags.manifestPaths().stream()
                .filter(p -> p.contains("/original/"))
                .map(p -> Path.of(p).getFileName().toString())
                .toList();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            assertThat(originals)
                    .containsExactlyInAnyOrderElementsOf(
                            files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    @Order(3)
    void shouldUpsertOneRowPerSampleIntoPostgres() throws Exception {
        assertThat(TABLE.rows())
                .hasSize((int) sampleCount())
                .extracting(RecordsTable.Row::fileName)
                .contains("personnel-action-sf50.pdf");
    }

    @Test
    @Order(4)
    void shouldSkipEverythingOnASecondRunOverTheSameData() throws Exception {
        List<Path> bagsBefore = bags().bags();
        long samples = sampleCount();
        JarRun second = runOverSamples("second");

        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.stdout())
                .contains("files:        0 ingested, " + samples + " duplicates skipped, 0 failed")
                .contains("this run:     0 records ingested, 0 enriched, 0 dead-lettered")
                .contains("all runs:     " + samples + " ingested, " + samples + " enriched")
                .doesNotContain("model call(s)");
        assertThat(bags().bags()).containsExactlyInAnyOrderElementsOf(bagsBefore);
        assertThat(TABLE.rows()).hasSize((int) samples);
    }

    @Test
    @Order(5)
    void shouldStopCleanlyWithinTenSecondsOfATermSignal() throws Exception {
        JarRun serving =
                JarRun.start(work, "serve", "run", "--provider", "local", "--serve", "--data-dir", dataDir.toString());
        Process process = serving.process();
        await().atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> serving.stderr().contains("enrich RUNNING") || !process.isAlive());
        assertThat(process.isAlive()).as(serving.stderr()).isTrue();

        process.destroy();

        boolean stopped = process.waitFor(10, TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly();
        }
        assertThat(stopped)
                .as("stopped within 10 s; stderr so far:%n%s", serving.stderr())
                .isTrue();
        assertThat(serving.stderr())
                .contains("recordflow run: stopping")
                .contains("stopped Connect worker in")
                .contains("stopped Kafka in");
    }

    private static long sampleCount() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.count();
        }
    }

    private static ArchiveBags bags() throws IOException {
        return ArchiveBags.in(dataDir.resolve("archive"));
    }
}

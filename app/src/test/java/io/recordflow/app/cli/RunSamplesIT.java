package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
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

    private static final Path JAR = Path.of("target", "recordflow.jar");
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

    @TempDir
    static Path work;

    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHEMA = "run_samples_" + Long.toHexString(System.nanoTime());

    private static Path dataDir;
    private static Run first;

    @BeforeAll
    static void runSamplesOnce() throws Exception {
        dataDir = work.resolve("recordflow-data");
        first = runOverSamples("first");
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC_URL, "postgres", null); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static Run runOverSamples(String name) throws Exception {
        return Run.start(work, name, "run", "--provider", "local", "--data-dir", dataDir.toString(),
            "--jdbc-url", JDBC_URL, "--jdbc-schema", SCHEMA, SAMPLES.toString()).finish();
    }

    @Test
    @Order(1)
    void shouldIngestEnrichAndArchiveEverySampleAndExitZero() throws IOException {
        long samples = sampleCount();
        assertThat(first.exitCode).as(first.describe()).isZero();
        assertThat(first.stdout).contains("files:        " + samples + " ingested, 0 duplicates skipped, 0 failed")
            .contains("this run:     " + samples + " records ingested, " + samples + " enriched, 0 dead-lettered")
            .contains(samples + " enriched by this run: " + samples + " model call(s), 0 answered from the cache")
            .contains("model:        local")
            .contains("rows:         upserted into " + SCHEMA + ".records");
        assertThat(first.stdout).contains("personnel-action-sf50.pdf", "GRS-2.2-040")
            .contains("it-incident-report.pdf", "GRS-3.2-020")
            .contains("foia-request.eml", "GRS-4.2-020");
    }

    @Test
    @Order(2)
    void shouldLeaveValidBagsHoldingEveryOriginal() throws IOException {
        List<Path> bags = bags();
        assertThat(bags).isNotEmpty();
        List<String> originals = new ArrayList<>();
        for (Path bag : bags) {
            assertThat(bag.resolve("bagit.txt")).content().contains("BagIt-Version: 1.0");
            for (String line : Files.readAllLines(bag.resolve("manifest-sha256.txt"))) {
                String[] parts = line.split(" {2}", 2);
                assertThat(sha256(bag.resolve(parts[1]))).as(bag + " " + parts[1]).isEqualTo(parts[0]);
                if (parts[1].contains("/original/")) {
                    originals.add(Path.of(parts[1]).getFileName().toString());
                }
            }
        }
        try (Stream<Path> files = Files.list(SAMPLES)) {
            assertThat(originals).containsExactlyInAnyOrderElementsOf(
                files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    @Order(3)
    void shouldUpsertOneRowPerSampleIntoPostgres() throws Exception {
        assertThat(rowFileNames()).hasSize((int) sampleCount()).contains("personnel-action-sf50.pdf");
    }

    @Test
    @Order(4)
    void shouldSkipEverythingOnASecondRunOverTheSameData() throws Exception {
        List<Path> bagsBefore = bags();
        long samples = sampleCount();
        Run second = runOverSamples("second");

        assertThat(second.exitCode).as(second.describe()).isZero();
        assertThat(second.stdout).contains("files:        0 ingested, " + samples + " duplicates skipped, 0 failed")
            .contains("this run:     0 records ingested, 0 enriched, 0 dead-lettered")
            .contains("all runs:     " + samples + " ingested, " + samples + " enriched")
            .doesNotContain("model call(s)");
        assertThat(bags()).containsExactlyInAnyOrderElementsOf(bagsBefore);
        assertThat(rowFileNames()).hasSize((int) samples);
    }

    @Test
    @Order(5)
    void shouldStopCleanlyWithinTenSecondsOfATermSignal() throws Exception {
        Run serving = Run.start(work, "serve", "run", "--provider", "local", "--serve", "--data-dir",
            dataDir.toString());
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(500))
            .until(() -> serving.stderr().contains("enrich RUNNING") || !serving.process.isAlive());
        assertThat(serving.process.isAlive()).as(serving.stderr()).isTrue();

        serving.process.destroy();

        boolean stopped = serving.process.waitFor(10, TimeUnit.SECONDS);
        if (!stopped) {
            serving.process.destroyForcibly();
        }
        assertThat(stopped).as("stopped within 10 s; stderr so far:%n%s", serving.stderr()).isTrue();
        assertThat(serving.stderr()).contains("recordflow run: stopping").contains("stopped Connect worker in")
            .contains("stopped Kafka in");
    }

    private static List<String> rowFileNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(JDBC_URL, "postgres", null); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT file_name FROM " + SCHEMA + ".records")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static long sampleCount() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.count();
        }
    }

    private static List<Path> bags() throws IOException {
        try (Stream<Path> entries = Files.list(dataDir.resolve("archive"))) {
            return entries.filter(p -> Files.isRegularFile(p.resolve("bagit.txt"))).sorted().toList();
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One {@code java -jar recordflow.jar ...} process with its output in files (no pipe can fill up and block it). */
    private static final class Run {

        private final Process process;
        private final Path out;
        private final Path err;
        private int exitCode = -1;
        private String stdout = "";

        private Run(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        static Run start(Path work, String name, String... args) throws IOException {
            assertThat(JAR).as("the shaded jar built by 'package'").isRegularFile();
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.recordflow.records,java.lang,java.util,java.math",
                "-jar", JAR.toString()));
            command.addAll(List.of(args));
            Path out = work.resolve(name + ".out");
            Path err = work.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("OLLAMA_HOST");
            return new Run(builder.start(), out, err);
        }

        Run finish() throws InterruptedException, IOException {
            if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("recordflow run did not finish within " + RUN_TIMEOUT + ": " + stderr());
            }
            exitCode = process.exitValue();
            stdout = Files.readString(out, StandardCharsets.UTF_8);
            return this;
        }

        String stderr() {
            try {
                return Files.readString(err, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr();
        }
    }
}

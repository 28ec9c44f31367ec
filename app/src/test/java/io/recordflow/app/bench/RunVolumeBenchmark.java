package io.recordflow.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.fixtures.JarRun;
import io.recordflow.app.fixtures.RecordsTable;
import io.recordflow.app.fixtures.RunBooks;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.testing.RuleBasedModel;
import io.recordflow.ingest.corpus.VolumeCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The volume benchmark (not a test; {@code mvn -Pbench}): {@code recordflow run} from the packaged jar over
 * {@code bench.records} small text files (10,000 by default) with an Ollama-protocol model server that answers at
 * once, measuring records per second end to end and the run's peak heap, and balancing the same books as
 * {@code RunCorpusIT}. Writes {@code bench/results/run-volume-<date>.md}.
 */
public final class RunVolumeBenchmark {

    private static final String MODEL = "llama3.1:8b";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(60);

    private RunVolumeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.records", 10_000);
        String heap = System.getProperty("bench.heap", "1g");
        Path results = Path.of(System.getProperty("bench.results", "bench/results"));
        Path work = Files.createTempDirectory("run-volume");
        RecordsTable table = RecordsTable.freshSchema("run_volume_");
        int numCtx = new EnrichConfig(Map.of(), Map.of()).numCtx();
        try (FakeOllamaServer ollama = new FakeOllamaServer(
                MODEL,
                numCtx,
                r -> RuleBasedModel.answer(
                        FakeOllamaServer.isClassification(r), FakeOllamaServer.lastUserMessage(r)))) {
            VolumeCorpus.Plan plan = VolumeCorpus.smallTexts(work.resolve("corpus"), records, 10L);
            Path dataDir = work.resolve("recordflow-data");
            Path gcLog = work.resolve("gc.log");

            long start = System.nanoTime();
            JarRun run = JarRun.start(
                    work,
                    "volume",
                    List.of("-Xmx" + heap, PeakMemory.gcLogOption(gcLog)),
                    "run",
                    "--provider",
                    "ollama",
                    "--base-url",
                    ollama.baseUrl(),
                    "--model",
                    MODEL,
                    "--data-dir",
                    dataDir.toString(),
                    "--jdbc-url",
                    RecordsTable.JDBC_URL,
                    "--jdbc-schema",
                    table.schema(),
                    work.resolve("corpus").toString());
            try (PeakMemory peak = PeakMemory.watch(run.process().pid(), gcLog)) {
                run.finish(RUN_TIMEOUT);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(run.exitCode()).as(run.describe()).isZero();
                assertThat(ollama.violations())
                        .as("requests the fake server refused")
                        .isEmpty();
                RunBooks books = RunBooks.balance(dataDir, table);
                assertThat(books.ingested()).isEqualTo(plan.records());
                books.assertFirstRunSummary(run.stdout());

                String report = report(plan, books, seconds, peak, ollama.chatCalls(), heap);
                Files.createDirectories(results);
                Path file = results.resolve("run-volume-" + LocalDate.now() + ".md");
                Files.writeString(file, report, StandardCharsets.UTF_8);
                System.out.println(report);
                System.out.println("written to " + file.toAbsolutePath());
            }
        } finally {
            table.drop();
        }
    }

    private static String report(
            VolumeCorpus.Plan plan, RunBooks books, double seconds, PeakMemory peak, int modelCalls, String heap)
            throws java.io.IOException {
        Runtime rt = Runtime.getRuntime();
        return String.format(
                Locale.ROOT,
                """
                # recordflow run: volume benchmark, %s

                `recordflow run --provider ollama --jdbc-url ...` from `app/target/recordflow.jar` (separate JVM, -Xmx%s)
                over %,d small text files (3 sentences each, VolumeCorpus seed 10), with an Ollama-protocol model
                server answering at once (FakeOllamaServer + RuleBasedModel, in the benchmark's JVM). Machine: %d
                cores, load average %s at the end; JVM %s.

                | figure | value |
                |---|---|
                | wall clock, process start to exit | %.1f s |
                | records per second, end to end | %.1f |
                | model HTTP calls (counted by the server) | %,d |
                | peak heap in use (before a GC, from -Xlog:gc) | %,d MiB |
                | peak heap committed | %,d MiB |
                | peak resident set (VmHWM) | %,d MiB |

                Books (counted from the topics, the table and the bags; balanced exactly): %,d ingested, %,d
                enriched, %,d dead-lettered, %,d PostgreSQL rows, %,d bags, every bag valid (LoC BagIt).
                """,
                LocalDate.now(),
                heap,
                plan.files(),
                rt.availableProcessors(),
                loadAverage(),
                System.getProperty("java.version"),
                seconds,
                books.ingested() / seconds,
                modelCalls,
                peak.heapUsedMiB(),
                peak.heapCommittedMiB(),
                peak.residentMiB(),
                books.ingested(),
                books.enriched(),
                books.deadLettered(),
                books.enriched(),
                books.bags());
    }

    private static String loadAverage() throws java.io.IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).strip() : "unknown";
    }
}

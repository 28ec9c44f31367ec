package io.recordflow.ingest.bench;

import io.recordflow.ingest.blob.FileSystemBlobStore;
import io.recordflow.ingest.blob.StoredBlob;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.corpus.MixedCorpus;
import io.recordflow.ingest.extract.ExtractionHarness;
import io.recordflow.ingest.extract.RecordMapper;
import io.recordflow.ingest.extract.SourceDescription;
import io.recordflow.ingest.extract.TikaParse;
import io.recordflow.ingest.isolation.ForkedDocumentParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.tika.parser.AutoDetectParser;

/**
 * Extraction throughput on the mixed corpus (OCR off): bare Tika AutoDetectParser beside RecordFlow's extraction
 * (SHA-256 identity, shipped config, RecursiveParserWrapper, limits, mapping to AgencyRecord), in-process and forked
 * (child JVMs, as {@code recordflow ingest} runs by default), and the same with the claim-check copy of every file
 * into a fresh blob store, with one thread and one thread per core. Each side runs in a JVM of its own
 * ({@link BenchSide}), is warmed alone for the same number of parses per parsing JVM, and is then measured in turns with the others, twice in
 * alternating order; the better run counts. {@code -Dbench.perFile=true} adds a per-file breakdown of where
 * RecordFlow's time goes. Run with {@code mvn -Pbench -pl ingest -am verify -DskipTests}; not a test.
 */
public final class ExtractionBenchmark {

    /** Rounds over the corpus in one measured slice. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 25);
    /** Slices per run and thread count. */
    private static final int PASSES = Integer.getInteger("bench.passes", 9);
    /**
     * Warm-up rounds per parsing JVM: the JIT compiles by invocation counts, and Tika's code base keeps it busy for
     * tens of thousands of parses, so every JVM that parses gets the same number of parses, not the same time (a
     * forked side has one child per core, each parsing its share).
     */
    private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmupRounds", 1000);

    private ExtractionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("rf-bench");
        try {
            run(dir);
        } finally {
            BenchSide.deleteTree(dir);
        }
    }

    private static void run(Path dir) throws Exception {
        Path corpus = dir.resolve("corpus");
        List<Path> files = new ArrayList<>(MixedCorpus.write(corpus).values());
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "corpus: %d files, %.2f MB; each parsing JVM warmed alone for %d rounds, then "
                + "%d passes of %d rounds per measurement; %d cores%n", files.size(), bytes / 1e6, WARMUP_ROUNDS, PASSES,
                ROUNDS, cores);
        List<SideJvm> sides = new ArrayList<>();
        try {
            for (BenchSide.Kind kind : BenchSide.Kind.values()) {
                sides.add(SideJvm.start(kind, corpus, Files.createDirectories(dir.resolve("stores-" + kind))));
            }
            for (SideJvm side : sides) {
                // alone on the machine, so that its JIT compiles on a core no other side is measured on
                int rounds = side.kind() == BenchSide.Kind.FORKED ? WARMUP_ROUNDS * cores : WARMUP_ROUNDS;
                String seconds = side.ask("warm " + rounds + " " + cores);
                System.out.printf(Locale.ROOT, "warmed %s: %d rounds in %s s%n", side.kind(), rounds, seconds);
            }
            for (int threads : new int[] {1, cores}) {
                report(threads, measureInTurns(sides, threads, files.size(), bytes));
            }
        } finally {
            for (SideJvm side : sides) {
                side.close();
            }
        }
        if (Boolean.getBoolean("bench.perFile")) {
            FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
            perFile(files, new AutoDetectParser(), ExtractionHarness.noOcr(), blobs, dir);
        }
    }

    /** A measurement: a side and, for RecordFlow's sides, whether files are copied into the blob store. */
    private record Run(int side, BenchSide.Mode mode, String label) {
    }

    private static final List<Run> RUNS = List.of(
            new Run(0, BenchSide.Mode.EXTRACT, "bare Tika"),
            new Run(1, BenchSide.Mode.EXTRACT, "RecordFlow in-process, extraction"),
            new Run(2, BenchSide.Mode.EXTRACT, "RecordFlow forked, extraction"),
            new Run(1, BenchSide.Mode.COPY, "RecordFlow in-process, with claim-check copy"),
            new Run(2, BenchSide.Mode.COPY, "RecordFlow forked, with claim-check copy"));

    /**
     * Measures every run in {@link #PASSES} short slices, the order rotating from pass to pass, and keeps per pass
     * each run's slowdown against bare Tika of the same pass: load from elsewhere drifts over minutes, so a pair
     * measured seconds apart is compared, and the median over the passes discards the slices a burst landed on.
     */
    private static Summary[] measureInTurns(List<SideJvm> sides, int threads, int fileCount, long bytes)
            throws IOException {
        double[][] docsPerSecond = new double[RUNS.size()][PASSES];
        double[][] mbPerSecond = new double[RUNS.size()][PASSES];
        double[][] cores = new double[RUNS.size()][PASSES];
        double[][] cpuPerDoc = new double[RUNS.size()][PASSES];
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < RUNS.size(); i++) {
                int k = (i + pass) % RUNS.size();
                Run run = RUNS.get(k);
                String[] answer = sides.get(run.side()).ask("measure " + ROUNDS + " " + threads + " " + run.mode())
                        .split(" ");
                double seconds = Double.parseDouble(answer[0]);
                docsPerSecond[k][pass] = fileCount * ROUNDS / seconds;
                mbPerSecond[k][pass] = bytes * ROUNDS / 1e6 / seconds;
                cores[k][pass] = Double.parseDouble(answer[1]) / seconds;
                cpuPerDoc[k][pass] = Double.parseDouble(answer[1]) / (fileCount * ROUNDS);
            }
        }
        Summary[] summaries = new Summary[RUNS.size()];
        for (int k = 0; k < RUNS.size(); k++) {
            double[] overhead = new double[PASSES];
            double[] cpuOverhead = new double[PASSES];
            for (int pass = 0; pass < PASSES; pass++) {
                overhead[pass] = docsPerSecond[0][pass] / docsPerSecond[k][pass] - 1;
                cpuOverhead[pass] = cpuPerDoc[k][pass] / cpuPerDoc[0][pass] - 1;
            }
            summaries[k] = new Summary(median(docsPerSecond[k]), median(mbPerSecond[k]), median(cores[k]),
                    median(overhead), min(overhead), max(overhead), median(cpuOverhead));
        }
        return summaries;
    }

    /**
     * Medians over the passes; overhead is the median of the per-pass slowdowns against bare Tika, cpuOverhead the
     * median of the per-pass ratios of CPU time per document (children included), which time stolen by other
     * tenants of the host does not inflate.
     */
    record Summary(double docsPerSecond, double mbPerSecond, double coresBusy, double overhead, double overheadMin,
            double overheadMax, double cpuOverhead) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%7.1f docs/s, %6.2f MB/s, %.2f cores busy", docsPerSecond, mbPerSecond,
                    coresBusy);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    private static void report(int threads, Summary[] r) {
        for (int i = 0; i < RUNS.size(); i++) {
            String overhead = i == 0 ? "" : String.format(Locale.ROOT,
                    "  overhead %+.1f%% (passes %+.1f%% .. %+.1f%%), CPU per document %+.1f%%", r[i].overhead() * 100,
                    r[i].overheadMin() * 100, r[i].overheadMax() * 100, r[i].cpuOverhead() * 100);
            System.out.printf(Locale.ROOT, "threads=%d  %-46s %s%s%n", threads, RUNS.get(i).label() + ":", r[i],
                    overhead);
        }
    }

    /** The number of warm-up rounds a child JVM gets before it is measured. */
    private static final int FORKED_WARMUP_ROUNDS = Integer.getInteger("bench.forkedWarmup", 150);

    /**
     * Where RecordFlow's time goes, file by file, single-threaded: median milliseconds of bare Tika and of
     * RecordFlow's steps (claim-check copy with SHA-256, Tika parse with RecordFlow's configuration, mapping).
     * Runs are interleaved so that load from elsewhere hits both sides alike. {@code -Dbench.perFile=true}.
     */
    private static void perFile(List<Path> files, AutoDetectParser bare, ExtractionLimits limits,
            FileSystemBlobStore blobs, Path dir) throws Exception {
        TikaParse parse = new TikaParse(limits);
        RecordMapper mapper = new RecordMapper(100_000, limits.writeLimitChars(), blobs::putText, Clock.systemUTC(),
                "bench");
        int runs = 15;
        String[] columns = {"bare", "blob", "parse", "map", "forked"};
        System.out.printf(Locale.ROOT, "%-24s %9s %9s %9s %9s %8s %13s%n", "file (median ms)", "bare", "blob", "parse",
                "map", "rf/bare", "forked parse");
        double[] sums = new double[columns.length];
        try (ForkedDocumentParser forked = new ForkedDocumentParser(1, "512m", 120_000, limits, null)) {
            for (int w = 0; w < FORKED_WARMUP_ROUNDS; w++) {
                for (Path f : files) {
                    forked.parse(f, f.getFileName().toString()); // the child's JIT warm-up
                }
            }
            for (Path f : files) {
                double[][] t = new double[columns.length][runs];
                FileSystemBlobStore[] fresh = new FileSystemBlobStore[runs];
                for (int i = 0; i < runs; i++) {
                    fresh[i] = new FileSystemBlobStore(dir.resolve("per-file").resolve(f.getFileName() + "-" + i));
                }
                for (int i = 0; i < runs; i++) {
                    long a = System.nanoTime();
                    BenchSide.bareTika(bare, f);
                    long b = System.nanoTime();
                    StoredBlob blob;
                    try (InputStream in = Files.newInputStream(f)) {
                        blob = fresh[i].put(in);
                    }
                    long c = System.nanoTime();
                    var outcome = parse.parse(blob.localPath(), f.getFileName().toString());
                    long d = System.nanoTime();
                    mapper.map(outcome, new SourceDescription(f.toUri().toString(), f.getFileName().toString(),
                            "bench", null, null), blob);
                    long e = System.nanoTime();
                    forked.parse(blob.localPath(), f.getFileName().toString());
                    long g = System.nanoTime();
                    t[0][i] = (b - a) / 1e6;
                    t[1][i] = (c - b) / 1e6;
                    t[2][i] = (d - c) / 1e6;
                    t[3][i] = (e - d) / 1e6;
                    t[4][i] = (g - e) / 1e6;
                }
                double[] m = new double[columns.length];
                for (int k = 0; k < columns.length; k++) {
                    java.util.Arrays.sort(t[k]);
                    m[k] = t[k][runs / 2];
                    sums[k] += m[k];
                }
                System.out.printf(Locale.ROOT, "%-24s %9.2f %9.2f %9.2f %9.2f %8.2f %13.2f%n", f.getFileName(), m[0],
                        m[1], m[2], m[3], (m[1] + m[2] + m[3]) / m[0], m[4]);
            }
        }
        System.out.printf(Locale.ROOT, "%-24s %9.2f %9.2f %9.2f %9.2f %8.2f %13.2f%n", "sum", sums[0], sums[1], sums[2],
                sums[3], (sums[1] + sums[2] + sums[3]) / sums[0], sums[4]);
    }
}

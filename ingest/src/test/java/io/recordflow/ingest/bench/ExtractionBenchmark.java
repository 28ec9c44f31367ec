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
 * into a fresh blob store, parsing one file at a time and one per core (a forked side's child parses that many).
 * Each side runs in a JVM of its own ({@link BenchSide}), is warmed alone for the same number of parses per parsing
 * JVM, and is then measured in short slices in rotating order; overhead is the median of the per-slice slowdowns
 * against bare Tika. {@code -Dbench.perFile=true} adds a per-file breakdown of where RecordFlow's time goes. Run
 * with {@code mvn -Pbench -pl ingest -am verify -DskipTests}; not a test.
 */
public final class ExtractionBenchmark {

    /** Rounds over the corpus in one measured slice. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    /** Slices per run and thread count. */
    private static final int PASSES = Integer.getInteger("bench.passes", 15);
    /**
     * Warm-up rounds per parsing JVM: the JIT compiles by invocation counts, and Tika's code base keeps it busy for
     * tens of thousands of parses, so every JVM that parses gets the same number of parses, not the same time.
     */
    private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmupRounds", 1000);

    private ExtractionBenchmark() {}

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
        System.out.printf(
                Locale.ROOT,
                "corpus: %d files, %.2f MB; each parsing JVM warmed alone for %d rounds, then "
                        + "%d passes of %d rounds per measurement; %d cores%n",
                files.size(),
                bytes / 1e6,
                WARMUP_ROUNDS,
                PASSES,
                ROUNDS,
                cores);
        int[] threadCounts = cores > 1 ? new int[] {1, cores} : new int[] {1};
        try (SideJvm bare =
                        SideJvm.start(BenchSide.Kind.BARE, 0, corpus, Files.createDirectories(dir.resolve("bare")));
                SideJvm inProcess = SideJvm.start(
                        BenchSide.Kind.IN_PROCESS, 0, corpus, Files.createDirectories(dir.resolve("in-process")))) {
            warm(bare, cores);
            warm(inProcess, cores);
            for (int threads : threadCounts) {
                // a child parsing `threads` files at once, as `recordflow ingest --parallelism N` runs; started only
                // for its own measurements, so that no idle JVMs of other sizes sit beside the measured ones
                try (SideJvm forked = SideJvm.start(
                        BenchSide.Kind.FORKED,
                        threads,
                        corpus,
                        Files.createDirectories(dir.resolve("forked-" + threads)))) {
                    warm(forked, threads);
                    List<Run> runs = runs(bare, inProcess, forked);
                    report(threads, runs, measureInTurns(runs, threads, files.size(), bytes));
                }
            }
        }
        if (Boolean.getBoolean("bench.perFile")) {
            FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
            perFile(files, new AutoDetectParser(), ExtractionHarness.noOcr(), blobs, dir);
        }
    }

    /** A measurement: a side and, for RecordFlow's sides, whether files are copied into the blob store. */
    private record Run(SideJvm side, BenchSide.Mode mode, String label) {}

    /** Bare Tika first (the reference), then RecordFlow in-process and forked, extracting and with the copy. */
    private static List<Run> runs(SideJvm bare, SideJvm inProcess, SideJvm forked) {
        return List.of(
                new Run(bare, BenchSide.Mode.EXTRACT, "bare Tika"),
                new Run(inProcess, BenchSide.Mode.EXTRACT, "RecordFlow in-process, extraction"),
                new Run(forked, BenchSide.Mode.EXTRACT, "RecordFlow forked, extraction"),
                new Run(inProcess, BenchSide.Mode.COPY, "RecordFlow in-process, with claim-check copy"),
                new Run(forked, BenchSide.Mode.COPY, "RecordFlow forked, with claim-check copy"));
    }

    /**
     * Warms a side alone, so that its JIT compiles on a core no other side is measured on: the same number of
     * parses per parsing JVM, on {@code threads} threads.
     */
    private static void warm(SideJvm side, int threads) throws IOException {
        String seconds = side.ask("warm " + WARMUP_ROUNDS + " " + threads);
        System.out.printf(Locale.ROOT, "warmed %s: %d rounds in %s s%n", side.name(), WARMUP_ROUNDS, seconds);
    }

    /** One measured slice: wall seconds and CPU seconds (in total and in extraction children) for ROUNDS rounds. */
    private record Slice(double seconds, double cpu, double childCpu) {
        static Slice of(String answer) {
            String[] f = answer.split(" ");
            return new Slice(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        }
    }

    /**
     * Measures every run in {@link #PASSES} short slices, the order rotating from pass to pass, and keeps per pass
     * each run's slowdown against bare Tika of the same pass: load from other tenants of the host drifts, so slices
     * measured seconds apart are compared, and the median over the passes discards the slices a burst landed on.
     * Every side is measured equally often: on this host a side measured less often than another ran slower (bare
     * Tika measured between every other slice came out 20 % faster than in rotation, in the same build).
     */
    private static Summary[] measureInTurns(List<Run> runs, int threads, int fileCount, long bytes) throws IOException {
        Slice[][] slices = new Slice[runs.size()][PASSES];
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < runs.size(); i++) {
                int k = (i + pass) % runs.size();
                slices[k][pass] = measure(runs.get(k), threads);
            }
        }
        double docs = (double) fileCount * ROUNDS;
        Summary[] summaries = new Summary[runs.size()];
        for (int k = 0; k < runs.size(); k++) {
            double[] overhead = new double[PASSES];
            double[] cpuOverhead = new double[PASSES];
            for (int pass = 0; pass < PASSES; pass++) {
                overhead[pass] = slices[k][pass].seconds() / slices[0][pass].seconds() - 1;
                cpuOverhead[pass] = slices[k][pass].cpu() / slices[0][pass].cpu() - 1;
            }
            summaries[k] = Summary.of(slices[k], docs, bytes * ROUNDS, overhead, cpuOverhead);
        }
        return summaries;
    }

    private static Slice measure(Run run, int threads) throws IOException {
        quiesce();
        return Slice.of(run.side().ask("measure " + ROUNDS + " " + threads + " " + run.mode()));
    }

    /**
     * Waits (up to 3 s) until the sides and their children use almost no CPU: a side's collector and JIT go on
     * working for a while after its slice ends, and would otherwise be charged to the slice measured next.
     */
    private static void quiesce() {
        long deadline = System.nanoTime() + 3_000_000_000L;
        long before = BenchSide.cpuNanos(ProcessHandle.current().descendants());
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = BenchSide.cpuNanos(ProcessHandle.current().descendants());
            if (now - before < 5_000_000L) { // under 10 % of one core over the 50 ms
                return;
            }
            before = now;
        }
    }

    /**
     * Medians over the slices; overhead is the median of the per-pass slowdowns against bare Tika, with its
     * interquartile range, cpuOverhead the same for CPU time per document (children included), which time
     * stolen by other tenants of the host does not inflate; cpuMsPerDoc and childCpuMsPerDoc are CPU milliseconds
     * per document, in total and in extraction children.
     */
    record Summary(
            double docsPerSecond,
            double mbPerSecond,
            double coresBusy,
            double overhead,
            double overheadLow,
            double overheadHigh,
            double cpuOverhead,
            double cpuMsPerDoc,
            double childCpuMsPerDoc) {

        static Summary of(Slice[] slices, double docs, double bytes, double[] overhead, double[] cpuOverhead) {
            double medianSeconds =
                    percentile(Arrays.stream(slices).mapToDouble(Slice::seconds).toArray(), 0.5);
            return new Summary(
                    docs / medianSeconds,
                    bytes / 1e6 / medianSeconds,
                    percentile(
                            Arrays.stream(slices)
                                    .mapToDouble(s -> s.cpu() / s.seconds())
                                    .toArray(),
                            0.5),
                    percentile(overhead, 0.5),
                    percentile(overhead, 0.25),
                    percentile(overhead, 0.75),
                    percentile(cpuOverhead, 0.5),
                    percentile(Arrays.stream(slices).mapToDouble(Slice::cpu).toArray(), 0.5) / docs * 1e3,
                    percentile(
                                    Arrays.stream(slices)
                                            .mapToDouble(Slice::childCpu)
                                            .toArray(),
                                    0.5)
                            / docs
                            * 1e3);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%7.1f docs/s, %6.2f MB/s, %.2f cores busy, CPU %.3f ms/doc (%.3f in " + "children)",
                    docsPerSecond,
                    mbPerSecond,
                    coresBusy,
                    cpuMsPerDoc,
                    childCpuMsPerDoc);
        }
    }

    /** The value below which the fraction {@code p} of the values lie, interpolated between neighbours. */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = p * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = (int) Math.ceil(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    private static void report(int threads, List<Run> runs, Summary[] r) {
        for (int i = 0; i < runs.size(); i++) {
            String overhead = i == 0
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            "  overhead %+.1f%% (middle half of passes %+.1f%% .. %+.1f%%), CPU per document %+.1f%%",
                            r[i].overhead() * 100,
                            r[i].overheadLow() * 100,
                            r[i].overheadHigh() * 100,
                            r[i].cpuOverhead() * 100);
            System.out.printf(
                    Locale.ROOT,
                    "threads=%d  %-46s %s%s%n",
                    threads,
                    runs.get(i).label() + ":",
                    r[i],
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
    private static void perFile(
            List<Path> files, AutoDetectParser bare, ExtractionLimits limits, FileSystemBlobStore blobs, Path dir)
            throws Exception {
        TikaParse parse = new TikaParse(limits);
        RecordMapper mapper =
                new RecordMapper(100_000, limits.writeLimitChars(), blobs::putText, Clock.systemUTC(), "bench");
        int runs = 15;
        String[] columns = {"bare", "blob", "parse", "map", "forked"};
        System.out.printf(
                Locale.ROOT,
                "%-24s %9s %9s %9s %9s %8s %13s%n",
                "file (median ms)",
                "bare",
                "blob",
                "parse",
                "map",
                "rf/bare",
                "forked parse");
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
                    mapper.map(
                            outcome,
                            new SourceDescription(
                                    f.toUri().toString(), f.getFileName().toString(), "bench", null, null),
                            blob);
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
                    Arrays.sort(t[k]);
                    m[k] = t[k][runs / 2];
                    sums[k] += m[k];
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-24s %9.2f %9.2f %9.2f %9.2f %8.2f %13.2f%n",
                        f.getFileName(),
                        m[0],
                        m[1],
                        m[2],
                        m[3],
                        (m[1] + m[2] + m[3]) / m[0],
                        m[4]);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%-24s %9.2f %9.2f %9.2f %9.2f %8.2f %13.2f%n",
                "sum",
                sums[0],
                sums[1],
                sums[2],
                sums[3],
                (sums[1] + sums[2] + sums[3]) / sums[0],
                sums[4]);
    }
}

package io.recordflow.ingest.bench;

import io.recordflow.ingest.blob.FileSystemBlobStore;
import io.recordflow.ingest.blob.StoredBlob;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.corpus.MixedCorpus;
import io.recordflow.ingest.extract.ExtractionHarness;
import io.recordflow.ingest.extract.Extractor;
import io.recordflow.ingest.extract.RecordMapper;
import io.recordflow.ingest.extract.SourceDescription;
import io.recordflow.ingest.extract.TikaParse;
import io.recordflow.ingest.isolation.ForkedDocumentParser;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Extraction throughput on the mixed corpus (OCR off), bare Tika AutoDetectParser beside RecordFlow's extraction
 * (shipped config, RecursiveParserWrapper, limits, mapping to AgencyRecord, claim-check copy), in-process and forked
 * (child JVMs, as {@code recordflow ingest} runs by default), single-threaded and with one thread per core; each
 * side twice, the better run counts. Every round claim-checks into a fresh blob store, so each copy is a first
 * write, as in a real run. {@code -Dbench.perFile=true} adds a per-file breakdown of where RecordFlow's time goes.
 * Run with {@code mvn -Pbench -pl ingest -am verify -DskipTests}; not a test.
 */
public final class ExtractionBenchmark {

    private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup", 5);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 20);

    private ExtractionBenchmark() {
    }

    private static Path storesRoot;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("rf-bench");
        storesRoot = Files.createDirectories(dir.resolve("stores"));
        try {
            run(dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(Path dir) throws Exception {
        List<Path> files = new ArrayList<>(MixedCorpus.write(dir.resolve("corpus")).values());
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        AutoDetectParser bare = new AutoDetectParser();
        ExtractionLimits limits = ExtractionHarness.noOcr();
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        Extractor recordflow = new Extractor(new TikaParse(limits),
                new RecordMapper(100_000, limits.writeLimitChars(), blobs::putText, Clock.systemUTC(), "bench"));
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "corpus: %d files, %.2f MB; %d rounds after %d warm-up rounds; %d cores%n",
                files.size(), bytes / 1e6, ROUNDS, WARMUP_ROUNDS, cores);
        try (ForkedDocumentParser forkedParser = new ForkedDocumentParser(cores, "512m", 120_000, limits, null)) {
            Extractor forked = new Extractor(forkedParser,
                    new RecordMapper(100_000, limits.writeLimitChars(), blobs::putText, Clock.systemUTC(), "bench"));
            // The parent JVM's Tika code is warmed by every measurement (bare Tika's too); a child JVM only by what
            // it parses itself. A real run's children parse thousands of files, so warm them as long as the parent
            // gets before its first measurement, with all children busy.
            warmForked(forked, blobs, files, cores);
            for (int threads : new int[] {1, cores}) {
                // one after the other, twice, so a burst of load from elsewhere does not land on one side only
                Result[] tika = new Result[2];
                Result[] rf = new Result[2];
                Result[] fork = new Result[2];
                for (int i = 0; i < 2; i++) {
                    tika[i] = measure(files, bytes, threads, (f, store) -> bareTika(bare, f));
                    rf[i] = measure(files, bytes, threads, (f, store) -> recordFlow(recordflow, store, f));
                    fork[i] = measure(files, bytes, threads, (f, store) -> recordFlow(forked, store, f));
                }

                Result t = best(tika);
                Result r = best(rf);
                Result k = best(fork);
                System.out.printf(Locale.ROOT, "threads=%d  bare Tika:               %s%n", threads, t);
                System.out.printf(Locale.ROOT, "threads=%d  RecordFlow in-process:   %s  overhead %+.1f%%%n",
                        threads, r,
                        (t.docsPerSecond / r.docsPerSecond - 1) * 100);
                System.out.printf(Locale.ROOT,
                        "threads=%d  RecordFlow forked:       %s (parent JVM only)  overhead %+.1f%%%n", threads, k,
                        (t.docsPerSecond / k.docsPerSecond - 1) * 100);
            }
        }
        if (Boolean.getBoolean("bench.perFile")) {
            perFile(files, bare, limits, blobs, dir);
        }
    }

    /** The number of warm-up rounds a child JVM gets before it is measured. */
    private static final int FORKED_WARMUP_ROUNDS = Integer.getInteger("bench.forkedWarmup", 20);

    private static void warmForked(Extractor forked, FileSystemBlobStore blobs, List<Path> files, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            rounds(pool, files, (f, store) -> recordFlow(forked, store, f), FORKED_WARMUP_ROUNDS,
                    storesRoot.resolve("forked-warmup"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The better of two runs: noise from other processes only ever slows a run down. */
    private static Result best(Result[] runs) {
        return runs[0].docsPerSecond >= runs[1].docsPerSecond ? runs[0] : runs[1];
    }

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
                    bareTika(bare, f);
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

    /** Work on one file. */
    @FunctionalInterface
    interface FileTask {
        /** @param store a blob store of this round alone, so every claim-check is a first write, as in a real run */
        void run(Path file, FileSystemBlobStore store) throws Exception;
    }

    record Result(double docsPerSecond, double mbPerSecond, double cpuCoresUsed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f docs/s, %.2f MB/s, %.2f cores busy", docsPerSecond, mbPerSecond,
                    cpuCoresUsed);
        }
    }

    private static Result measure(List<Path> files, long bytes, int threads, FileTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // kept until the end of the run: deleting trees of blobs here would load the disk (and the claim-checks of
        // the next measurement) with the freeing of their blocks
        Path stores = Files.createTempDirectory(storesRoot, "m");
        try {
            rounds(pool, files, task, WARMUP_ROUNDS, stores.resolve("warmup"));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            rounds(pool, files, task, ROUNDS, stores.resolve("measured"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
            return new Result(files.size() * ROUNDS / seconds, bytes * ROUNDS / 1e6 / seconds, cpuSeconds / seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void rounds(ExecutorService pool, List<Path> files, FileTask task, int rounds, Path stores)
            throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            FileSystemBlobStore store = new FileSystemBlobStore(stores.resolve("round-" + r));
            for (Path f : files) {
                futures.add(pool.submit((Callable<Void>) () -> {
                    task.run(f, store);
                    return null;
                }));
            }
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private static void bareTika(AutoDetectParser parser, Path file) throws Exception {
        ParseContext context = new ParseContext();
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        Metadata metadata = new Metadata();
        try (InputStream in = TikaInputStream.get(file, metadata)) {
            parser.parse(in, new BodyContentHandler(-1), metadata, context);
        } catch (org.apache.tika.exception.TikaException e) {
            // bare Tika throws on the frame-less FLAC fixture (RecordFlow turns the same into a record with a
            // warning); the time spent still counts
        }
    }

    private static void recordFlow(Extractor extractor, FileSystemBlobStore blobs, Path file) throws Exception {
        StoredBlob blob;
        try (InputStream in = Files.newInputStream(file)) {
            blob = blobs.put(in);
        }
        extractor.extract(blob, new SourceDescription(file.toUri().toString(), file.getFileName().toString(), "bench",
                null, null));
    }
}

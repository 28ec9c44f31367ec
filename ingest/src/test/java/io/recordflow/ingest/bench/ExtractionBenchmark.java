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
 * Extraction throughput on the generated mixed corpus (OCR off), bare Tika AutoDetectParser beside RecordFlow's
 * in-process extraction (shipped config, RecursiveParserWrapper, limits, mapping to AgencyRecord, claim-check copy),
 * single-threaded and with one thread per core. Run with {@code mvn -Pbench -pl ingest -am verify}; not a test.
 */
public final class ExtractionBenchmark {

    private static final int WARMUP_ROUNDS = 5;
    private static final int ROUNDS = 20;

    private ExtractionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("rf-bench");
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
        for (int threads : new int[] {1, cores}) {
            Result tika = measure(files, bytes, threads, f -> bareTika(bare, f));
            Result rf = measure(files, bytes, threads, f -> recordFlow(recordflow, blobs, f));
            System.out.printf(Locale.ROOT, "threads=%d  bare Tika: %s%n", threads, tika);
            System.out.printf(Locale.ROOT, "threads=%d  RecordFlow: %s%n", threads, rf);
            System.out.printf(Locale.ROOT, "threads=%d  RecordFlow overhead over bare Tika: %+.1f%%%n", threads,
                    (tika.docsPerSecond / rf.docsPerSecond - 1) * 100);
        }
    }

    /** Work on one file. */
    @FunctionalInterface
    interface FileTask {
        void run(Path file) throws Exception;
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
        try {
            rounds(pool, files, task, WARMUP_ROUNDS);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            rounds(pool, files, task, ROUNDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
            return new Result(files.size() * ROUNDS / seconds, bytes * ROUNDS / 1e6 / seconds, cpuSeconds / seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void rounds(ExecutorService pool, List<Path> files, FileTask task, int rounds) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (Path f : files) {
                futures.add(pool.submit((Callable<Void>) () -> {
                    task.run(f);
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

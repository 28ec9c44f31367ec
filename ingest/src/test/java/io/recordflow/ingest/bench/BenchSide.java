package io.recordflow.ingest.bench;

import io.recordflow.ingest.blob.FileSystemBlobStore;
import io.recordflow.ingest.blob.StoredBlob;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.extract.DocumentParser;
import io.recordflow.ingest.extract.ExtractionHarness;
import io.recordflow.ingest.extract.Extractor;
import io.recordflow.ingest.extract.RecordMapper;
import io.recordflow.ingest.extract.SourceDescription;
import io.recordflow.ingest.extract.TikaParse;
import io.recordflow.ingest.isolation.ForkedDocumentParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.sax.BodyContentHandler;

/**
 * One side of the extraction benchmark in a JVM of its own (bare Tika, RecordFlow in-process or RecordFlow with
 * forked extraction children), so that no side's JIT compilation or garbage runs on another side's clock. Driven
 * by {@link ExtractionBenchmark} over stdin: {@code warm ROUNDS THREADS} and {@code measure ROUNDS THREADS MODE}
 * (THREADS: files parsed at once),
 * each answered with one line on stdout. In mode {@code extract} the blob store already holds the corpus, so a
 * claim-check reads and hashes the file and finds it stored (what identifies the content, without the copy); in mode
 * {@code copy} every round claim-checks into a fresh store, so every copy is a first write, as in a real run.
 */
public final class BenchSide implements AutoCloseable {

    /** Prefix of answer lines; Tika's parsers may print other lines. */
    static final String ANSWER = "BENCH ";

    /** The sides, by the name the driver starts them with. */
    enum Kind {
        BARE,
        IN_PROCESS,
        FORKED
    }

    private final List<Path> files;
    private final Path stores;
    private final FileTask task;
    private final AutoCloseable resources;
    private final FileSystemBlobStore filled;
    /** Caller threads for a number of files parsed at once. */
    private final IntUnaryOperator callers;

    private int storeCounter;

    /** Whether a round copies every file into a fresh store or finds it in one that holds it. */
    enum Mode {
        EXTRACT,
        COPY
    }

    /** Work on one file, claim-checking into {@code store} where the side does that. */
    @FunctionalInterface
    interface FileTask {
        void run(Path file, FileSystemBlobStore store) throws Exception;
    }

    private BenchSide(List<Path> files, Path stores, FileTask task, AutoCloseable resources, IntUnaryOperator callers)
            throws IOException {
        this.files = files;
        this.callers = callers;
        this.stores = stores;
        this.task = task;
        this.resources = resources;
        this.filled = new FileSystemBlobStore(stores.resolve("filled"));
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                filled.put(in);
            }
        }
    }

    /**
     * A side; a forked one has one child JVM parsing {@code parallelism} files at once and, as {@code IngestService}
     * does, gives it {@link ForkedDocumentParser#callerThreads} threads, so {@code THREADS} in a command counts
     * files parsed at once for every side.
     */
    static BenchSide create(Kind kind, int parallelism, List<Path> files, Path stores) throws IOException {
        ExtractionLimits limits = ExtractionHarness.noOcr();
        switch (kind) {
            case BARE -> {
                AutoDetectParser bare = new AutoDetectParser();
                return new BenchSide(files, stores, (f, store) -> bareTika(bare, f), () -> {}, t -> t);
            }
            case IN_PROCESS -> {
                return recordFlow(files, stores, limits, new TikaParse(limits), () -> {}, t -> t);
            }
            default -> {
                ForkedDocumentParser forked = new ForkedDocumentParser(parallelism, "512m", 120_000, limits, null);
                return recordFlow(files, stores, limits, forked, forked, ForkedDocumentParser::callerThreads);
            }
        }
    }

    private static BenchSide recordFlow(
            List<Path> files,
            Path stores,
            ExtractionLimits limits,
            DocumentParser parser,
            AutoCloseable resources,
            IntUnaryOperator callers)
            throws IOException {
        FileSystemBlobStore texts = new FileSystemBlobStore(stores.resolve("texts"));
        Extractor extractor = new Extractor(
                parser,
                new RecordMapper(100_000, limits.writeLimitChars(), texts::putText, Clock.systemUTC(), "bench"));
        return new BenchSide(
                files, stores, (f, store) -> claimCheckAndExtract(extractor, store, f), resources, callers);
    }

    /** What {@code recordflow ingest} does per file before it produces: claim-check, parse, map to records. */
    static void claimCheckAndExtract(Extractor extractor, FileSystemBlobStore store, Path file) throws Exception {
        StoredBlob blob;
        try (InputStream in = Files.newInputStream(file)) {
            blob = store.put(in);
        }
        extractor.extract(
                blob,
                new SourceDescription(
                        file.toUri().toString(), file.getFileName().toString(), "bench", null, null));
    }

    /** Bare Tika as its documentation shows it: AutoDetectParser, default configuration, BodyContentHandler. */
    static void bareTika(AutoDetectParser parser, Path file) throws Exception {
        ParseContext context = new ParseContext();
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        Metadata metadata = new Metadata();
        try (InputStream in = TikaInputStream.get(file, metadata)) {
            parser.parse(in, new BodyContentHandler(-1), metadata, context);
        } catch (TikaException e) {
            // bare Tika throws on the frame-less FLAC fixture (RecordFlow turns the same into a record with a
            // warning); the time spent still counts
        }
    }

    /** Runs {@code total} rounds over the corpus, in both modes by turns; answers the seconds it took. */
    long warm(int total, int threads) throws Exception {
        long start = System.nanoTime();
        List<Path> used = new ArrayList<>();
        for (int rounds = 0; rounds < total; rounds++) {
            used.add(rounds(threads, 1, rounds % 2 == 0 ? Mode.COPY : Mode.EXTRACT));
            if (used.size() > 2) {
                deleteTree(used.remove(0)); // not measured; keeps the disk from filling up
            }
        }
        for (Path p : used) {
            deleteTree(p);
        }
        return Duration.ofNanos(System.nanoTime() - start).toSeconds();
    }

    /** Measures {@code rounds} rounds; the stores are left in place (freeing them would load the next measurement). */
    String measure(int rounds, int threads, Mode mode) throws Exception {
        long own0 = cpuNanos(Stream.of(ProcessHandle.current()));
        long children0 = cpuNanos(ProcessHandle.current().descendants());
        long t0 = System.nanoTime();
        rounds(threads, rounds, mode);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double ownSeconds = (cpuNanos(Stream.of(ProcessHandle.current())) - own0) / 1e9;
        double childSeconds = (cpuNanos(ProcessHandle.current().descendants()) - children0) / 1e9;
        return String.format(Locale.ROOT, "%.6f %.6f %.6f", seconds, ownSeconds + childSeconds, childSeconds);
    }

    /** CPU time of the given processes (this JVM, or its extraction children). */
    static long cpuNanos(Stream<ProcessHandle> processes) {
        return processes
                .mapToLong(
                        p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }

    private Path rounds(int threads, int rounds, Mode mode) throws Exception {
        Path dir = stores.resolve("r" + storeCounter++);
        ExecutorService pool = Executors.newFixedThreadPool(callers.applyAsInt(threads));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                FileSystemBlobStore store =
                        mode == Mode.COPY ? new FileSystemBlobStore(dir.resolve(Integer.toString(r))) : filled;
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
        } finally {
            pool.shutdownNow();
        }
        return dir;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }

    /** {@code BenchSide KIND PARALLELISM CORPUS_DIR STORES_DIR}; commands on stdin, answers on stdout. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of(args[2]))) {
            files = listing.sorted().toList();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (BenchSide side = create(Kind.valueOf(args[0]), Integer.parseInt(args[1]), files, Path.of(args[3]))) {
            out.println(ANSWER + "ready");
            String line;
            while ((line = in.readLine()) != null) {
                String[] cmd = line.split(" ");
                int threads = Integer.parseInt(cmd[2]);
                String answer = switch (cmd[0]) {
                    case "warm" -> Long.toString(side.warm(Integer.parseInt(cmd[1]), threads));
                    case "measure" -> side.measure(Integer.parseInt(cmd[1]), threads, Mode.valueOf(cmd[3]));
                    default -> throw new IllegalArgumentException("unknown command " + line);
                };
                out.println(ANSWER + answer);
            }
        }
    }
}

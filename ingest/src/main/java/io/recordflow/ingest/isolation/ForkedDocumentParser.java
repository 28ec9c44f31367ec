package io.recordflow.ingest.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.config.IngestConfig;
import io.recordflow.ingest.extract.DocumentParser;
import io.recordflow.ingest.extract.ParseFailure;
import io.recordflow.ingest.extract.ParseOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Tika in a child JVM with a heap cap that parses up to {@code parallelism} files at once, and gives each file
 * a timeout. A file that hangs fails with TIMEOUT; the child is killed and replaced, and the other files it held are
 * parsed again. A child that crashes or runs out of memory with several files in it has each of them parsed again
 * alone in a child of its own, so only the file to blame fails (CRASH, OUT_OF_MEMORY). Thread-safe.
 */
public final class ForkedDocumentParser implements DocumentParser, AutoCloseable {

    /**
     * Threads a run should give a pool parsing {@code parallelism} files at once: one per file, plus one that
     * claim-checks the next file or maps the last answer meanwhile, so the child does not wait for the parent's
     * share. More threads than that crowd the cores the child parses on (measurements in
     * bench/results/ingest-extraction-history.md).
     */
    public static int callerThreads(int parallelism) {
        return parallelism + 1;
    }

    /** How often the watchdog looks for overdue files; timeouts are thus late by up to this much. */
    static final long WATCHDOG_PERIOD_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ForkedDocumentParser.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int parallelism;
    private final String heapPerFile;
    private final long timeoutMillis;
    private final ObjectNode settings;
    /** Idle lanes, the most recently used first, so that few connections stay busy when little is in flight. */
    private final BlockingDeque<Lane> idle = new LinkedBlockingDeque<>();

    private final Set<Lane> lanes = ConcurrentHashMap.newKeySet();
    private final Set<ChildJvm> children = ConcurrentHashMap.newKeySet();
    private final Object startLock = new Object();
    private ChildJvm shared; // guarded by startLock
    /** Ends files that overrun their deadline; polling costs nothing per file, unlike a timer per request. */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "extraction-child-watchdog");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean closed;

    /**
     * Creates the pool; the child starts on first use.
     *
     * @param parallelism files parsed at once in the child
     * @param heapPerFile heap each of them may use (the child's -Xmx is this times {@code parallelism}), e.g. 512m
     * @param tikaConfig a Tika configuration file for the children, or null for the shipped one
     */
    public ForkedDocumentParser(
            int parallelism, String heapPerFile, long timeoutMillis, ExtractionLimits limits, Path tikaConfig) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
        this.heapPerFile = heapPerFile;
        this.timeoutMillis = timeoutMillis;
        this.settings = settings(limits, tikaConfig);
        watchdog.scheduleWithFixedDelay(
                this::killOverdue, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void killOverdue() {
        long now = System.nanoTime();
        for (Lane lane : lanes) {
            lane.killIfOverdue(now);
        }
        for (ChildJvm child : children) {
            child.killIfStartOverdue(now);
        }
    }

    @Override
    public ParseOutcome parse(Path file, String fileName) throws IOException {
        String request = JSON.writeValueAsString(JSON.createObjectNode()
                .put("file", file.toAbsolutePath().toString())
                .put("fileName", fileName));
        for (int attempt = 1; ; attempt++) {
            Lane lane = lane(fileName);
            Lane.Reply reply = lane.ask(request, timeoutMillis);
            if (reply.line() != null) {
                idle.addFirst(lane);
                // decoded after the lane is handed back, so that another caller may use it meanwhile
                return ParseOutcomeCodec.decode(reply.line());
            }
            close(lane);
            switch (fault(lane.child(), reply, fileName)) {
                case THIS_FILE_OVERRAN:
                    return timedOut(fileName);
                case THIS_FILE_ALONE:
                    return died(lane.child(), fileName);
                case OTHER_FILE_OVERRAN:
                    if (attempt == 1) {
                        LOG.info(
                                "{} was in the extraction child killed for another file's timeout; parsing it again",
                                fileName);
                        continue;
                    }
                    return alone(request, fileName);
                case UNKNOWN:
                default:
                    LOG.warn(
                            "the extraction child died while {} and other files were in it; parsing it again alone",
                            fileName);
                    return alone(request, fileName);
            }
        }
    }

    /** Who is to blame for a child's death under a file. */
    private enum Fault {
        THIS_FILE_OVERRAN,
        THIS_FILE_ALONE,
        OTHER_FILE_OVERRAN,
        UNKNOWN
    }

    private Fault fault(ChildJvm child, Lane.Reply reply, String fileName) throws IOException {
        if (closed) {
            // close() killed the child under this parse: not the file's fault, so it is not reported as a failure
            throw stopped(fileName, reply.cause());
        }
        if (reply.overdue()) {
            return Fault.THIS_FILE_OVERRAN;
        }
        if (!dead(child, fileName)) {
            throw new IOException(
                    "lost the connection to the extraction child while parsing " + fileName, reply.cause());
        }
        if (child.diedWithOnlyOneAsk()) {
            return Fault.THIS_FILE_ALONE;
        }
        return child.killedForTimeout() ? Fault.OTHER_FILE_OVERRAN : Fault.UNKNOWN;
    }

    /** Parses one file in a child of its own, whose death can only be this file's doing. */
    private ParseOutcome alone(String request, String fileName) throws IOException {
        ChildJvm child = start(1);
        try {
            Lane lane = connect(child);
            Lane.Reply reply = lane.ask(request, timeoutMillis);
            close(lane);
            if (reply.line() != null) {
                return ParseOutcomeCodec.decode(reply.line());
            }
            return fault(child, reply, fileName) == Fault.THIS_FILE_OVERRAN
                    ? timedOut(fileName)
                    : died(child, fileName);
        } finally {
            children.remove(child);
            child.close();
        }
    }

    /** An idle lane to the shared child, started or replaced first when needed. */
    private Lane lane(String fileName) throws IOException {
        if (closed) {
            throw stopped(fileName, null);
        }
        ChildJvm child;
        synchronized (startLock) {
            if (shared == null || !shared.usable()) {
                if (shared != null) {
                    children.remove(shared);
                    shared.close();
                }
                shared = null; // a start that fails leaves no closed child to close again
                shared = start(parallelism);
            }
            child = shared;
        }
        Lane lane;
        while ((lane = idle.pollFirst()) != null) {
            if (lane.child() == child) {
                return lane;
            }
            close(lane); // a lane to a child that has been replaced
        }
        return connect(child);
    }

    private ChildJvm start(int parseThreads) throws IOException {
        ChildJvm child = ChildJvm.launch(heap(parseThreads), parseThreads, settings);
        children.add(child);
        try {
            if (closed) {
                throw stopped("the next file", null);
            }
            child.awaitReady();
            return child;
        } catch (IOException e) {
            children.remove(child);
            child.close();
            throw closed ? stopped("the next file", e) : e;
        }
    }

    private Lane connect(ChildJvm child) throws IOException {
        Lane lane = child.connect();
        lanes.add(lane);
        return lane;
    }

    private void close(Lane lane) throws IOException {
        lanes.remove(lane);
        lane.close();
    }

    /** The child's -Xmx: the heap per file times the files it parses at once. */
    private String heap(int parseThreads) {
        if (parseThreads == 1) {
            return heapPerFile;
        }
        Matcher m = IngestConfig.HEAP_SIZE.matcher(heapPerFile);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a JVM heap size: " + heapPerFile);
        }
        return Long.parseLong(m.group(1)) * parseThreads + m.group(2);
    }

    private static boolean dead(ChildJvm child, String fileName) throws IOException {
        try {
            return child.dead();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + fileName, e);
        }
    }

    /** The failure of a file that a child died under alone; the child has exited (see {@link #fault}). */
    private static ParseOutcome died(ChildJvm child, String fileName) {
        int exit = child.exitValue();
        return exit == ChildJvm.OOM_EXIT
                ? failed(
                        ParseFailure.OUT_OF_MEMORY,
                        fileName,
                        "extraction ran out of memory (child heap limit " + child.heap() + ")")
                : failed(ParseFailure.CRASH, fileName, "extraction child JVM died with exit status " + exit);
    }

    private ParseOutcome timedOut(String fileName) {
        return failed(
                ParseFailure.TIMEOUT,
                fileName,
                "extraction did not finish within " + timeoutMillis + " ms; child killed");
    }

    private static IOException stopped(String fileName, IOException cause) {
        return new IOException("extraction of " + fileName + " stopped: the run is shutting down", cause);
    }

    private static ParseOutcome failed(String kind, String fileName, String message) {
        LOG.warn("{}: {}", fileName, message);
        return new ParseOutcome(List.of(), new ParseFailure(kind, ForkedDocumentParser.class.getName(), message));
    }

    private static ObjectNode settings(ExtractionLimits limits, Path tikaConfig) {
        ObjectNode s = JSON.createObjectNode()
                .put("writeLimitChars", limits.writeLimitChars())
                .put("maxEmbedded", limits.maxEmbedded())
                .put("maxDepth", limits.maxDepth())
                .put("maxImagePixels", limits.maxImagePixels())
                .put("ocrEnabled", limits.ocrEnabled())
                .put("ocrLanguage", limits.ocrLanguage());
        if (limits.password() != null) {
            s.put("password", limits.password()); // sent over the pipe, never on the visible command line
        }
        if (tikaConfig != null) {
            s.put("tikaConfig", tikaConfig.toAbsolutePath().toString());
        }
        return s;
    }

    /** Kills every child, also those in the middle of a parse, whose callers then get an IOException. */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        for (ChildJvm child : children) {
            child.close();
        }
        for (Lane lane : lanes) {
            try {
                lane.close();
            } catch (IOException e) {
                LOG.warn("could not close a connection to an extraction child: {}", e.toString());
            }
        }
    }
}

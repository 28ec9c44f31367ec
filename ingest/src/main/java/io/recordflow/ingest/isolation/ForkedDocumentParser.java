package io.recordflow.ingest.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.extract.DocumentParser;
import io.recordflow.ingest.extract.ParseFailure;
import io.recordflow.ingest.extract.ParseOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Tika in a pool of child JVMs, each with a heap cap, and gives each file a timeout: a parser that hangs, runs
 * out of memory or kills its JVM fails only that file (TIMEOUT, OUT_OF_MEMORY, CRASH); the child is replaced and the
 * run goes on. Thread-safe; at most {@code size} files are parsed at once.
 */
public final class ForkedDocumentParser implements DocumentParser, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ForkedDocumentParser.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String heap;
    private final long timeoutMillis;
    private final String settings;
    /**
     * Idle slots, the most recently used first: when fewer files are in flight than there are children, the same
     * child keeps parsing with its caches warm instead of the children taking turns.
     */
    private final BlockingDeque<Slot> idle = new LinkedBlockingDeque<>();
    private final List<Slot> all = new ArrayList<>();
    /** Ends children that overrun their deadline; polling costs nothing per file, unlike a timer per request. */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "extraction-child-watchdog");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /**
     * Threads a run should give each child: while one thread's file is in the child, the other claim-checks the next
     * file or maps the last answer, so the child does not wait for the parent's share of the work.
     */
    public static final int CALLERS_PER_CHILD = 2;

    /** How often the watchdog looks for overdue children; timeouts are thus late by up to this much. */
    static final long WATCHDOG_PERIOD_MILLIS = 100;

    /** A pool place that holds a child JVM, started on first use and restarted after a failure. */
    private static final class Slot {
        volatile ChildJvm child;
    }

    /**
     * Creates the pool; children start lazily.
     *
     * @param tikaConfig a Tika configuration file for the children, or null for the shipped one
     */
    public ForkedDocumentParser(int size, String heap, long timeoutMillis, ExtractionLimits limits, Path tikaConfig) {
        this.heap = heap;
        this.timeoutMillis = timeoutMillis;
        this.settings = settings(limits, tikaConfig);
        for (int i = 0; i < size; i++) {
            all.add(new Slot());
        }
        idle.addAll(all);
        watchdog.scheduleWithFixedDelay(this::killOverdueChildren, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private void killOverdueChildren() {
        long now = System.nanoTime();
        for (Slot slot : all) {
            ChildJvm child = slot.child;
            if (child != null) {
                child.killIfOverdue(now);
            }
        }
    }

    @Override
    public ParseOutcome parse(Path file, String fileName) throws IOException {
        String request = request(file, fileName);
        Slot slot;
        try {
            slot = idle.takeFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an extraction child", e);
        }
        Answer answer;
        try {
            answer = askIn(slot, request, fileName);
        } finally {
            idle.addFirst(slot);
        }
        // decoded after the child is handed back, so the next file's parse does not wait for this decoding
        return answer.line() != null ? ParseOutcomeCodec.decode(answer.line()) : answer.failure();
    }

    /** A child's answer line, or the failure that stands in for it. */
    private record Answer(String line, ParseOutcome failure) {
    }

    private static String request(Path file, String fileName) throws IOException {
        return JSON.writeValueAsString(
                JSON.createObjectNode().put("file", file.toAbsolutePath().toString()).put("fileName", fileName));
    }

    private Answer askIn(Slot slot, String request, String fileName) throws IOException {
        if (closed) {
            throw stopped(fileName, null);
        }
        if (slot.child == null || !slot.child.alive()) {
            slot.child = ChildJvm.launch(heap, settings);
            slot.child.awaitReady();
        }
        String answer;
        try {
            answer = slot.child.ask(request, timeoutMillis);
        } catch (TimeoutException e) {
            discard(slot);
            return new Answer(null, failed(ParseFailure.TIMEOUT,
                    "extraction did not finish within " + timeoutMillis + " ms; child killed"));
        } catch (IOException e) {
            discard(slot);
            throw closed ? stopped(fileName, e) : e;
        }
        if (answer != null) {
            return new Answer(answer, null);
        }
        if (closed) {
            // close() killed the child under this parse: not the file's fault, so it is not reported as a crash
            throw stopped(fileName, null);
        }
        int exit = exitCode(slot.child, fileName);
        discard(slot);
        return new Answer(null, exit == ChildJvm.OOM_EXIT
                ? failed(ParseFailure.OUT_OF_MEMORY, "extraction ran out of memory (child heap limit " + heap + ")")
                : failed(ParseFailure.CRASH, "extraction child JVM died with exit status " + exit));
    }

    private static IOException stopped(String fileName, IOException cause) {
        return new IOException("extraction of " + fileName + " stopped: the run is shutting down", cause);
    }

    private static int exitCode(ChildJvm child, String fileName) throws IOException {
        try {
            return child.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + fileName, e);
        }
    }

    private static void discard(Slot slot) {
        if (slot.child != null) {
            slot.child.close();
            slot.child = null;
        }
    }

    private static ParseOutcome failed(String kind, String message) {
        LOG.warn(message);
        return new ParseOutcome(List.of(), new ParseFailure(kind, ForkedDocumentParser.class.getName(), message));
    }

    private static String settings(ExtractionLimits limits, Path tikaConfig) {
        ObjectNode s = JSON.createObjectNode()
                .put("writeLimitChars", limits.writeLimitChars())
                .put("maxEmbedded", limits.maxEmbedded())
                .put("maxDepth", limits.maxDepth())
                .put("ocrEnabled", limits.ocrEnabled())
                .put("ocrLanguage", limits.ocrLanguage());
        if (limits.password() != null) {
            s.put("password", limits.password()); // sent over the pipe, never on the visible command line
        }
        if (tikaConfig != null) {
            s.put("tikaConfig", tikaConfig.toAbsolutePath().toString());
        }
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills every child, also those in the middle of a parse, whose callers then get an IOException. */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        for (Slot slot : all) {
            ChildJvm child = slot.child;
            if (child != null) {
                child.close();
            }
        }
    }
}

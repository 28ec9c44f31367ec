package io.recordflow.ingest.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running extraction child JVM: it parses up to {@code parseThreads} files at once, one per {@link Lane}
 * (a connection on the child's Unix domain socket). Its stdin carries the settings and, by closing, tells it to
 * exit; its stdout the ready line. Thread-safe.
 */
final class ChildJvm implements AutoCloseable {

    /** Line a child prints once Tika is loaded; start-up time (1.5-5 s cold, more on a busy host) is not parse time. */
    static final String READY = "RF-READY";

    /** Exit status of a JVM started with -XX:+ExitOnOutOfMemoryError that ran out of heap. */
    static final int OOM_EXIT = 3;

    /** How long a child may take to load Tika before it is given up. */
    static final long START_TIMEOUT_MILLIS = 180_000;

    /** Socket paths are limited to about 108 bytes on Linux; a deeper tmpdir falls back to /tmp. */
    private static final int MAX_SOCKET_PATH = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Process process;
    private final Path socketDir;
    private final Path socket;
    private final String heap;
    private final BufferedWriter control;
    /** Asks sent and not yet answered, counting also asks of lanes that saw the child die (they never end). */
    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile long startDeadlineNanos = NO_DEADLINE;
    private volatile boolean killedForTimeout;

    private ChildJvm(Process process, Path socketDir, Path socket, String heap) {
        this.process = process;
        this.socketDir = socketDir;
        this.socket = socket;
        this.heap = heap;
        this.control = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts a child with the given heap that parses up to {@code parseThreads} files at once, and sends it its
     * settings; {@link #awaitReady()} then waits until Tika is loaded.
     */
    static ChildJvm launch(String heap, int parseThreads, ObjectNode settings) throws IOException {
        Path socketDir = socketDir();
        Path socket = socketDir.resolve("s");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        // the throughput collector: its barriers are cheaper than G1's and it has no humongous regions for Tika's
        // large buffers (forked parse time 0.84-0.92 of the in-process parse with it, 1.20-1.23 with G1)
        command.add("-XX:+UseParallelGC");
        command.add("-Djava.awt.headless=true");
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExtractionWorker.class.getName());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ChildJvm child = new ChildJvm(process, socketDir, socket, heap);
        ObjectNode childSettings =
                settings.deepCopy().put("socket", socket.toString()).put("parseThreads", parseThreads);
        child.control.write(JSON.writeValueAsString(childSettings)); // the password never shows on a command line
        child.control.newLine();
        child.control.flush();
        return child;
    }

    private static Path socketDir() throws IOException {
        Path dir = Files.createTempDirectory("rf-extract-"); // owner-only, so no other user can ask for files
        if (dir.resolve("s").toString().length() <= MAX_SOCKET_PATH) {
            return dir;
        }
        Files.delete(dir);
        return Files.createTempDirectory(Path.of("/tmp"), "rf-extract-");
    }

    /** Waits for the child's ready line; the pool's watchdog ends a child that takes longer than the start timeout. */
    void awaitReady() throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        startDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        String line;
        try {
            while ((line = out.readLine()) != null && !READY.equals(line)) {
                System.err.println("[extraction child] " + line);
            }
        } finally {
            startDeadlineNanos = NO_DEADLINE;
        }
        if (line == null) {
            close();
            throw new IOException(
                    killedForTimeout
                            ? "extraction child JVM did not start within " + START_TIMEOUT_MILLIS + " ms"
                            : "extraction child JVM failed to start (exit status " + exitCodeQuietly() + ")");
        }
        Thread relay = new Thread(() -> relay(out), "extraction-child-stdout");
        relay.setDaemon(true);
        relay.start();
    }

    /** Passes on what native code prints on the child's stdout, so that the pipe never fills up and blocks it. */
    private static void relay(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                System.err.println("[extraction child] " + line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("lost the extraction child's stdout", e);
        }
    }

    /** Opens a new connection to this child, on which the caller's files are parsed one at a time. */
    Lane connect() throws IOException {
        return new Lane(this, SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    String heap() {
        return heap;
    }

    /** Whether the child can take files: running and not being killed (a kill takes a moment to show). */
    boolean usable() {
        return !killedForTimeout && process.isAlive();
    }

    void sent() {
        inFlight.incrementAndGet();
    }

    void answered() {
        inFlight.decrementAndGet();
    }

    /** Whether the caller's ask is the only one the child had when it died, which makes that file the cause. */
    boolean diedWithOnlyOneAsk() {
        return inFlight.get() == 1;
    }

    /** Kills the child because one of its files overran; its other files are not to blame. */
    void killForTimeout() {
        killedForTimeout = true;
        process.destroyForcibly();
    }

    boolean killedForTimeout() {
        return killedForTimeout;
    }

    /** Kills this child when it is starting past its deadline; called by the pool's watchdog thread. */
    void killIfStartOverdue(long nowNanos) {
        long deadline = startDeadlineNanos;
        if (deadline != NO_DEADLINE && nowNanos - deadline > 0) {
            killForTimeout();
        }
    }

    /** Whether the process has ended within a few seconds: a lane sees end-of-stream slightly before the exit. */
    boolean dead() throws InterruptedException {
        return process.waitFor(5, TimeUnit.SECONDS);
    }

    private int exitCodeQuietly() {
        try {
            return dead() ? exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Exit status of a child that has exited ({@link #dead()} returned true). */
    int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socketDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the extraction child's socket " + socket, e);
        }
    }
}

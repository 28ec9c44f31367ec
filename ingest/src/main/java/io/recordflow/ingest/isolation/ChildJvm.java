package io.recordflow.ingest.isolation;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running extraction child JVM and its line protocol; not thread-safe (the pool lends it to one caller), except
 * {@link #killIfOverdue} and {@link #close}, which the pool's watchdog and shutdown call from other threads.
 */
final class ChildJvm implements AutoCloseable {

    /** Prefix of answer lines: the JVM itself and native code may write other lines to the child's stdout. */
    static final String ANSWER_PREFIX = "RF-ANSWER ";

    /** Exit status of a JVM started with -XX:+ExitOnOutOfMemoryError that ran out of heap. */
    static final int OOM_EXIT = 3;

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader answers;
    /** When the current wait must end (System.nanoTime), or NO_DEADLINE when the child is idle. */
    private volatile long deadlineNanos = NO_DEADLINE;
    /** Set by the watchdog when it killed this child for overrunning. */
    private volatile boolean overdue;

    private ChildJvm(Process process) {
        this.process = process;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Line a child prints once Tika is loaded; start-up time (1.5-5 s cold, more on a busy host) is not parse time. */
    static final String READY = "RF-READY";

    /** How long a child may take to load Tika before it is given up. */
    static final long START_TIMEOUT_MILLIS = 180_000;

    /** Starts a child and sends it its settings; {@link #awaitReady()} then waits until Tika is loaded. */
    static ChildJvm launch(String heap, String settingsJson) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        // a child is a single-threaded batch parser: the throughput collector, whose barriers are cheaper than G1's
        // and which has no humongous regions for Tika's large buffers: forked parse time 0.84-0.92 of the in-process
        // parse with it, 1.20-1.23 with G1 (60 s warm, same run order)
        command.add("-XX:+UseParallelGC");
        command.add("-Djava.awt.headless=true");
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExtractionWorker.class.getName());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ChildJvm child = new ChildJvm(process);
        child.requests.write(settingsJson);
        child.requests.newLine();
        child.requests.flush();
        return child;
    }

    /** Waits for the child's ready line; the watchdog ends a child that takes longer than the start timeout. */
    void awaitReady() throws IOException {
        String line;
        try {
            line = readWithin(START_TIMEOUT_MILLIS);
        } catch (TimeoutException e) {
            close();
            throw new IOException("extraction child JVM did not start within " + START_TIMEOUT_MILLIS + " ms", e);
        }
        if (!READY.equals(line)) {
            close();
            throw new IOException("extraction child JVM failed to start (exit status " + exitCodeQuietly() + ")");
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Sends one request and waits for its answer on the calling thread (a hand-off to a reader thread cost a
     * thread wake-up per file); the watchdog ({@link #killIfOverdue}) ends a child that overruns its deadline.
     *
     * @return the answer line, or null when the child died (see {@link #exitCode()})
     * @throws TimeoutException when no answer came in time; the child has been killed
     */
    String ask(String requestJson, long timeoutMillis) throws IOException, TimeoutException {
        requests.write(requestJson);
        requests.newLine();
        requests.flush();
        return readWithin(timeoutMillis);
    }

    private String readWithin(long timeoutMillis) throws IOException, TimeoutException {
        overdue = false;
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String answer = null;
        IOException broken = null;
        try {
            answer = readAnswer();
        } catch (IOException e) {
            if (!overdue) {
                throw e;
            }
            broken = e; // killed by the watchdog mid-read: reported as the timeout, with this as its cause
        } finally {
            deadlineNanos = NO_DEADLINE;
        }
        if (answer == null && overdue) {
            TimeoutException timeout = new TimeoutException("no answer within " + timeoutMillis + " ms");
            timeout.initCause(broken);
            throw timeout;
        }
        return answer;
    }

    /** Kills this child when it is working past its deadline; called by the pool's watchdog thread. */
    void killIfOverdue(long nowNanos) {
        long deadline = deadlineNanos;
        if (deadline != NO_DEADLINE && nowNanos - deadline > 0) {
            overdue = true;
            process.destroyForcibly(); // the blocked read then ends with end-of-stream
        }
    }

    private String readAnswer() throws IOException {
        String line;
        while ((line = answers.readLine()) != null) {
            if (line.startsWith(ANSWER_PREFIX)) {
                return line.substring(ANSWER_PREFIX.length());
            }
            System.err.println("[extraction child] " + line);
        }
        return null;
    }

    private int exitCodeQuietly() {
        try {
            return exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Exit status after the child died, waiting briefly for the OS to report it. */
    int exitCode() throws InterruptedException {
        return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

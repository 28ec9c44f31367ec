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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One running extraction child JVM and its line protocol; not thread-safe (the pool lends it to one caller). */
final class ChildJvm implements AutoCloseable {

    /** Prefix of answer lines: the JVM itself and native code may write other lines to the child's stdout. */
    static final String ANSWER_PREFIX = "RF-ANSWER ";

    /** Exit status of a JVM started with -XX:+ExitOnOutOfMemoryError that ran out of heap. */
    static final int OOM_EXIT = 3;

    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader answers;

    private ChildJvm(Process process) {
        this.process = process;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Line a child prints once Tika is loaded; start-up time (1.5-5 s cold, more on a busy host) is not parse time. */
    static final String READY = "RF-READY";

    /** How long a child may take to load Tika before it is given up. */
    static final long START_TIMEOUT_MILLIS = 180_000;

    static ChildJvm start(String heap, String settingsJson, ExecutorService readers) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+ExitOnOutOfMemoryError");
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
        child.awaitReady(readers);
        return child;
    }

    private void awaitReady(ExecutorService readers) throws IOException {
        Future<String> ready = readers.submit(this::readAnswer);
        try {
            String line = ready.get(START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (!READY.equals(line)) {
                close();
                throw new IOException("extraction child JVM failed to start (exit status " + exitCode() + ")");
            }
        } catch (TimeoutException e) {
            ready.cancel(true);
            close();
            throw new IOException("extraction child JVM did not start within " + START_TIMEOUT_MILLIS + " ms", e);
        } catch (ExecutionException e) {
            close();
            throw new IOException("extraction child JVM failed to start", e.getCause());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting an extraction child JVM", e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Sends one request and waits for its answer.
     *
     * @return the answer line, or null when the child died (see {@link #exitCode()})
     * @throws TimeoutException when no answer came in time; the caller must close this child
     */
    String ask(String requestJson, long timeoutMillis, ExecutorService readers)
            throws IOException, TimeoutException, InterruptedException {
        requests.write(requestJson);
        requests.newLine();
        requests.flush();
        Future<String> answer = readers.submit(this::readAnswer);
        try {
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("lost the extraction child's answer", e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            answer.cancel(true);
            throw e;
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

package io.recordflow.app.soak;

import io.recordflow.app.bench.PeakMemory;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One part of the soak's deployment as an OS process, started from a fixed command line as an operator would start
 * it, its output appended to {@code <name>.log}: killed with SIGKILL or stopped with SIGTERM, and started again with
 * the same command. Tracks the peak resident set over all its incarnations.
 */
final class SoakProcess {

    private static final Set<Integer> HANDED_OUT_PORTS = new HashSet<>();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final File workDir;
    private final AtomicLong peakResidentKb;
    private Process process;
    private int starts;

    SoakProcess(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path workDir,
            AtomicLong peakResidentKb) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workDir = workDir.toFile();
        this.log = workDir.resolve(name + ".log");
        this.peakResidentKb = peakResidentKb;
    }

    /** The {@code java} of the JVM running the soak, so every process runs on the same runtime. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A JVM command line: {@code java <jvmOptions> <rest>}. */
    static List<String> javaCommand(List<String> jvmOptions, String... rest) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of(rest));
        return command;
    }

    synchronized SoakProcess start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running as pid " + process.pid());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("OLLAMA_HOST");
        builder.environment().putAll(environment);
        process = builder.start();
        starts++;
        return this;
    }

    /** {@code kill -9}: no shutdown hook, no clean close, no flush. */
    synchronized void kill() throws InterruptedException {
        if (isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGTERM without waiting. */
    synchronized void signalStop() {
        if (isAlive()) {
            process.destroy();
        }
    }

    /** SIGTERM, then waits up to {@code timeout} for the exit; returns the exit code. */
    synchronized int stop(Duration timeout) throws InterruptedException {
        if (process == null) {
            return 0;
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new IllegalStateException(name + " did not stop within " + timeout + " of SIGTERM; killed");
        }
        return process.exitValue();
    }

    /** Waits for the exit (killing the process after {@code timeout}); returns the exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (!current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            current.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + log);
        }
        return current.exitValue();
    }

    /**
     * A free TCP port on 127.0.0.1 that no earlier call handed out (free now; the process that binds it comes a moment
     * later). The operating system may offer a port again once its probe socket is closed, and two of the soak's
     * processes on one port would fail to start.
     */
    static synchronized int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT_PORTS.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Samples the resident set of the current incarnation into the peak (called periodically by the soak). */
    void sampleMemory() {
        long pid = pid();
        if (pid > 0) {
            PeakMemory.residentHighWaterKb(pid).ifPresent(kb -> peakResidentKb.accumulateAndGet(kb, Math::max));
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    int starts() {
        return starts;
    }

    long peakResidentMiB() {
        return peakResidentKb.get() / 1024;
    }
}

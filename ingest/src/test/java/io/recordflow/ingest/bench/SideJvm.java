package io.recordflow.ingest.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link BenchSide} running in a JVM of its own, started with this JVM's classpath and heap setting. */
final class SideJvm implements AutoCloseable {

    private final BenchSide.Kind kind;
    private final int parallelism;
    private final Process process;
    private final BufferedWriter commands;
    private final BufferedReader answers;

    private final Path log;

    private SideJvm(BenchSide.Kind kind, int parallelism, Path log, Process process) {
        this.kind = kind;
        this.parallelism = parallelism;
        this.log = log;
        this.process = process;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts a side; {@code parallelism} is the number of files a forked side's extraction child parses at once. */
    static SideJvm start(BenchSide.Kind kind, int parallelism, Path corpus, Path stores) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-Dlog4j2.configurationFile=log4j2-test.properties",
                "-cp",
                System.getProperty("java.class.path"),
                BenchSide.class.getName(),
                kind.name(),
                Integer.toString(parallelism),
                corpus.toString(),
                stores.toString());
        // parsers warn a lot on stderr; kept in a file, which names the cause when a side dies
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "bench-" + kind + "-" + parallelism + ".log");
        SideJvm side = new SideJvm(
                kind,
                parallelism,
                log,
                new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                        .start());
        side.answer();
        return side;
    }

    /** The side's name in the report, e.g. {@code FORKED-2}. */
    String name() {
        return kind == BenchSide.Kind.FORKED ? kind + "-" + parallelism : kind.name();
    }

    /** Sends one command and waits for its answer. */
    String ask(String command) throws IOException {
        commands.write(command);
        commands.newLine();
        commands.flush();
        return answer();
    }

    private String answer() throws IOException {
        String line;
        while ((line = answers.readLine()) != null) {
            if (line.startsWith(BenchSide.ANSWER)) {
                return line.substring(BenchSide.ANSWER.length());
            }
        }
        throw new IOException("benchmark side " + name() + " ended without an answer; see " + log);
    }

    @Override
    public void close() throws IOException {
        commands.close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

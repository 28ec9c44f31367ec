package io.recordflow.enrich.topology;

import io.recordflow.enrich.config.EnrichConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The adaptive limit against the simulated server of {@link AdaptiveLimitSimulationTest}, in virtual time, for calls
 * of fixed length and of lengths that vary (log-normal around 400 ms): saturation and calls open once settled, and
 * saturation over a 4,000-call backlog from a cold start, as the throughput benchmark runs it. Writes
 * {@code bench/results/adaptive-limit-simulation-<date>.md}; not a test ({@code -Pbench}).
 */
public final class AdaptiveLimitSimulationBenchmark {
    private static final long SERVICE_MS = 400;
    private static final double[] SPREADS = {0, 0.01, 0.1, 0.5, 1.0};
    private static final int[] SLOTS = {1, 2, 8, 32, 64};

    private AdaptiveLimitSimulationBenchmark() {}

    public static void main(String[] args) throws Exception {
        StringBuilder md = new StringBuilder("# Adaptive limit in simulation, ")
                .append(LocalDate.now())
                .append(
                        "\n\nThe enrich instance's adaptive limit (`CallAdmission.adaptiveLimit` with default settings) ")
                .append("against a simulated model server in virtual time (`AdaptiveLimitSimulationTest.simulate`): N ")
                .append("slots, a FIFO queue beyond them, a client with an endless backlog. Each call's length is ")
                .append("log-normal with the given sigma around a mean of 400 ms (0: every call 400 ms). Settled: ")
                .append("600 s after a 20 s warm-up. Cold start: from the initial limit until 4,000 calls' worth of ")
                .append("server time (at least 10 s), as one slot count of the throughput benchmark. Produced by ")
                .append("`AdaptiveLimitSimulationBenchmark` (`mvn -B -Pbench -pl enrich -am verify -DskipTests`).\n\n")
                .append("| sigma | slots | settled: saturation | settled: mean limit | settled: longest answer s "
                        + "| cold start: saturation |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n");
        for (double spread : SPREADS) {
            for (int slots : SLOTS) {
                var settled = AdaptiveLimitSimulationTest.simulate(
                        limit(), slots, lengths(spread, 42), seconds(20), seconds(600));
                var cold = AdaptiveLimitSimulationTest.simulate(
                        limit(),
                        slots,
                        lengths(spread, 7),
                        0,
                        seconds(Math.max(10, 4_000 * SERVICE_MS / 1_000 / slots)));
                md.append(String.format(
                        Locale.ROOT,
                        "| %.2f | %d | %.3f | %.1f | %.1f | %.3f |%n",
                        spread,
                        slots,
                        settled.saturation(),
                        settled.meanLimit(),
                        settled.longestAnswerNanos() / 1e9,
                        cold.saturation()));
            }
        }
        Path results = Path.of(System.getProperty("bench.results", "../bench/results"));
        Files.createDirectories(results);
        Path report = results.resolve("adaptive-limit-simulation-" + LocalDate.now() + ".md");
        Files.writeString(report, md);
        System.out.println(md);
        System.out.println("written to " + report.toAbsolutePath());
    }

    private static com.netflix.concurrency.limits.Limit limit() {
        return CallAdmission.adaptiveLimit(new EnrichConfig(Map.of(), Map.of()));
    }

    private static LongSupplier lengths(double spread, long seed) {
        Random random = new Random(seed);
        double mu = Math.log(TimeUnit.MILLISECONDS.toNanos(SERVICE_MS)) - spread * spread / 2;
        return () -> (long) Math.exp(mu + spread * random.nextGaussian());
    }

    private static long seconds(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }
}

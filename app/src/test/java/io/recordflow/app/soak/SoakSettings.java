package io.recordflow.app.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * What one soak does: a variant's plan ({@code ci}, {@code full} or {@code clean}), any setting of which a
 * {@code -Dsoak.<setting>} system property overrides (bench/soak.sh, the {@code soak} Maven profile), or the
 * {@code ci} variant as {@code DistributedSoakIT} runs it inside {@code mvn verify}.
 *
 * @param variant            the plan's name, in the report
 * @param records            records in the generated corpus (small distinct text files)
 * @param batches            folders the corpus is split into, each ingested by one {@code recordflow ingest} run
 * @param scaleOutBatches    batches ingested before the scale-out, as its backlog
 * @param outageBatches      batches after the scale-out's, ingested while the model server is down, as the backlog
 *                           its recovery is measured on; the rest feed the fault phase
 * @param seed               seed of the corpus and of the fault plan's random moments
 * @param latencyMs          the model server's latency per call
 * @param outOfTaxonomyEvery one text in this many gets a category outside the taxonomy
 * @param ingestParallelism  files one {@code recordflow ingest} run extracts at once, during the outage and the faults
 * @param backlogIngestParallelism the same for the scale-out's backlog, ingested before any enrich instance runs
 * @param enrichKills        {@code kill -9} of an enrich instance, each restarted
 * @param connectKills       {@code kill -9} of the Connect worker, each restarted
 * @param brokerKills        {@code kill -9} of a Kafka node, each restarted
 * @param registryKills      {@code kill -9} of the schema registry process, each restarted on the same port
 * @param modelFaults        whether the model server gets bursts of 500, 429, 30 s latency, truncated and non-JSON bodies
 * @param outage             how long the model server refuses connections once (zero: never)
 * @param faultWindow        the kills and fault bursts happen at random moments within this long of the fault phase's
 *                           start; the outage comes before them, so that its recovery is measured on its own
 * @param killDownMax        longest a killed process stays down before it is restarted (at least 2 s)
 * @param rateWindow         how long throughput is measured with one and with two enrich instances
 * @param recoveryLimit      longest the soak waits, with no fault, for the throughput to come back after the outage
 * @param drainTimeout       limit for the pipeline to finish after the last fault
 * @param workRoot           where the processes' folders and logs go (each soak in a folder of its own)
 * @param results            where the report goes
 */
record SoakSettings(
        String variant,
        int records,
        int batches,
        int scaleOutBatches,
        int outageBatches,
        long seed,
        long latencyMs,
        int outOfTaxonomyEvery,
        int ingestParallelism,
        int backlogIngestParallelism,
        int enrichKills,
        int connectKills,
        int brokerKills,
        int registryKills,
        boolean modelFaults,
        Duration outage,
        Duration faultWindow,
        Duration killDownMax,
        Duration rateWindow,
        Duration recoveryLimit,
        Duration drainTimeout,
        Path workRoot,
        Path results) {

    /** The variants' plans; a key a variant leaves out takes the default below. */
    private static final Map<String, Map<String, String>> VARIANTS = Map.of(
            // The CI variant, sized to finish in a few minutes on 2 shared cores: most of the corpus is the
            // scale-out's backlog (both throughput windows need one, and enrich-1 goes on alone for the 24-36 s the
            // partitions take to split: with 7 batches it emptied the backlog first), 1 batch is ingested during the
            // outage, 1 feeds the fault phase.
            "ci",
            Map.ofEntries(
                    Map.entry("records", "2000"),
                    Map.entry("batches", "10"),
                    Map.entry("scaleOutBatches", "8"),
                    Map.entry("outageBatches", "1"),
                    // The backlog only sets the scale-out up: fed by 2 workers it took 80-100 s of the soak's 6 min.
                    // The outage's and fault phase's batches keep 2, so that they still flow while the faults happen.
                    Map.entry("backlogIngestParallelism", "6"),
                    Map.entry("enrichKills", "2"),
                    Map.entry("connectKills", "1"),
                    Map.entry("brokerKills", "1"),
                    Map.entry("registryKills", "1"),
                    Map.entry("outageSeconds", "30"),
                    Map.entry("faultWindowSeconds", "40"),
                    Map.entry("killDownMaxSeconds", "5"),
                    Map.entry("rateWindowSeconds", "8"),
                    Map.entry("recoveryLimitSeconds", "60"),
                    Map.entry("drainMinutes", "5")),
            "full",
            Map.ofEntries(
                    Map.entry("records", "20000"),
                    Map.entry("batches", "40"),
                    Map.entry("scaleOutBatches", "6"),
                    Map.entry("outageBatches", "6"),
                    Map.entry("enrichKills", "5"),
                    Map.entry("connectKills", "2"),
                    Map.entry("brokerKills", "1"),
                    Map.entry("registryKills", "1"),
                    Map.entry("outageSeconds", "120"),
                    Map.entry("faultWindowSeconds", "900"),
                    Map.entry("killDownMaxSeconds", "10"),
                    Map.entry("rateWindowSeconds", "60"),
                    Map.entry("recoveryLimitSeconds", "180"),
                    Map.entry("drainMinutes", "20")),
            // The harness itself, no faults.
            "clean",
            Map.ofEntries(
                    Map.entry("records", "300"),
                    Map.entry("batches", "3"),
                    Map.entry("scaleOutBatches", "2"),
                    Map.entry("outageBatches", "0"),
                    Map.entry("enrichKills", "0"),
                    Map.entry("connectKills", "0"),
                    Map.entry("brokerKills", "0"),
                    Map.entry("registryKills", "0"),
                    Map.entry("modelFaults", "false"),
                    Map.entry("outageSeconds", "0"),
                    Map.entry("faultWindowSeconds", "1"),
                    Map.entry("rateWindowSeconds", "5"),
                    Map.entry("drainMinutes", "5")));

    public SoakSettings {
        if (scaleOutBatches < 1 || scaleOutBatches + outageBatches > batches) {
            throw new IllegalArgumentException("soak." + variant + ": scaleOutBatches (" + scaleOutBatches
                    + ") + outageBatches (" + outageBatches + ") must be at most batches (" + batches
                    + "), scaleOutBatches at least 1");
        }
        if (outage.isZero() != (outageBatches == 0)) {
            throw new IllegalArgumentException("soak." + variant + ": outageSeconds (" + outage.toSeconds()
                    + ") and outageBatches (" + outageBatches + ") must be both zero or both positive: the recovery "
                    + "is measured on the batches ingested during the outage");
        }
        if (killDownMax.toMillis() < 2_000) {
            throw new IllegalArgumentException(
                    "soak." + variant + ": killDownMaxSeconds must be at least 2, was " + killDownMax.toSeconds());
        }
    }

    /** The variant {@code soak.variant} names ({@code ci} unless set), with {@code -Dsoak.<setting>} overrides. */
    static SoakSettings fromSystemProperties() {
        String variant = System.getProperty("soak.variant", "ci");
        return of(
                variant,
                key -> System.getProperty("soak." + key),
                Path.of(System.getProperty("soak.work", "target")),
                Path.of(System.getProperty("soak.results", "bench/results")));
    }

    /** The variant as planned, nothing overridden. */
    static SoakSettings variant(String variant, Path workRoot, Path results) {
        return of(variant, key -> null, workRoot, results);
    }

    private static SoakSettings of(String variant, Function<String, String> overrides, Path workRoot, Path results) {
        Map<String, String> plan = VARIANTS.get(variant);
        if (plan == null) {
            throw new IllegalArgumentException(
                    "soak.variant must be one of " + VARIANTS.keySet() + ", was '" + variant + "'");
        }
        Function<String, String> value = key -> {
            String override = overrides.apply(key);
            return override != null ? override : plan.get(key);
        };
        int batches = integer(value, "batches", 10);
        return new SoakSettings(
                variant,
                integer(value, "records", 2_000),
                batches,
                integer(value, "scaleOutBatches", Math.max(1, batches * 6 / 10)),
                integer(value, "outageBatches", 0),
                number(value, "seed", 16L),
                number(value, "latencyMs", 150L),
                integer(value, "outOfTaxonomyEvery", 50),
                integer(value, "ingestParallelism", 2),
                integer(value, "backlogIngestParallelism", integer(value, "ingestParallelism", 2)),
                integer(value, "enrichKills", 0),
                integer(value, "connectKills", 0),
                integer(value, "brokerKills", 0),
                integer(value, "registryKills", 0),
                Boolean.parseBoolean(value.apply("modelFaults") == null ? "true" : value.apply("modelFaults")),
                Duration.ofSeconds(number(value, "outageSeconds", 0L)),
                Duration.ofSeconds(number(value, "faultWindowSeconds", 60L)),
                Duration.ofSeconds(number(value, "killDownMaxSeconds", 10L)),
                Duration.ofSeconds(number(value, "rateWindowSeconds", 30L)),
                Duration.ofSeconds(number(value, "recoveryLimitSeconds", 60L)),
                Duration.ofMinutes(number(value, "drainMinutes", 20L)),
                workRoot,
                results);
    }

    private static int integer(Function<String, String> value, String key, int fallback) {
        return (int) number(value, key, fallback);
    }

    private static long number(Function<String, String> value, String key, long fallback) {
        String text = value.apply(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("soak." + key + " must be a whole number, was '" + text + "'", e);
        }
    }
}

package io.recordflow.app.soak;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one soak does, from {@code -Dsoak.*} system properties (the {@code soak} Maven profile and bench/soak.sh set
 * them): corpus size, fault plan, model latency, time limits, where results go.
 *
 * @param records            records in the generated corpus (small distinct text files)
 * @param batches            folders the corpus is split into, each ingested by one {@code recordflow ingest} run
 * @param scaleOutBatches    batches ingested before the scale-out, as its backlog
 * @param seed               seed of the corpus and of the fault plan's random moments
 * @param latencyMs          the model server's latency per call
 * @param outOfTaxonomyEvery one text in this many gets a category outside the taxonomy
 * @param enrichKills        {@code kill -9} of an enrich instance, each restarted
 * @param connectKills       {@code kill -9} of the Connect worker, each restarted
 * @param brokerKills        {@code kill -9} of a Kafka node, each restarted
 * @param registryKills      {@code kill -9} of the schema registry process, each restarted on the same port
 * @param modelFaults        whether the model server gets bursts of 500, 429, 30 s latency, truncated and non-JSON bodies
 * @param outage             how long the model server refuses connections once (zero: never)
 * @param faultWindow        the faults happen at random moments within this long of the fault phase's start
 * @param rateWindow         how long throughput is measured with one and with two enrich instances
 * @param drainTimeout       limit for the pipeline to finish after the last fault
 * @param workRoot           where the processes' folders and logs go
 * @param results            where the report goes
 */
record SoakSettings(
        int records,
        int batches,
        int scaleOutBatches,
        long seed,
        long latencyMs,
        int outOfTaxonomyEvery,
        int enrichKills,
        int connectKills,
        int brokerKills,
        int registryKills,
        boolean modelFaults,
        Duration outage,
        Duration faultWindow,
        Duration rateWindow,
        Duration drainTimeout,
        Path workRoot,
        Path results) {

    static SoakSettings fromSystemProperties() {
        int records = Integer.getInteger("soak.records", 2_000);
        int batches = Integer.getInteger("soak.batches", 10);
        return new SoakSettings(
                records,
                batches,
                Integer.getInteger("soak.scaleOutBatches", Math.max(1, batches * 6 / 10)),
                Long.getLong("soak.seed", 16L),
                Long.getLong("soak.latencyMs", 150L),
                Integer.getInteger("soak.outOfTaxonomyEvery", 50),
                Integer.getInteger("soak.enrichKills", 5),
                Integer.getInteger("soak.connectKills", 2),
                Integer.getInteger("soak.brokerKills", 1),
                Integer.getInteger("soak.registryKills", 1),
                Boolean.parseBoolean(System.getProperty("soak.modelFaults", "true")),
                Duration.ofSeconds(Long.getLong("soak.outageSeconds", 120L)),
                Duration.ofSeconds(Long.getLong("soak.faultWindowSeconds", 240L)),
                Duration.ofSeconds(Long.getLong("soak.rateWindowSeconds", 30L)),
                Duration.ofMinutes(Long.getLong("soak.drainMinutes", 20L)),
                Path.of(System.getProperty("soak.work", "target")),
                Path.of(System.getProperty("soak.results", "bench/results")));
    }
}

package io.recordflow.enrich.bench;

import io.recordflow.embedded.kafka.EmbeddedKafka;
import io.recordflow.embedded.registry.EmbeddedSchemaRegistry;
import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.testing.RuleBasedModel;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Modality;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Enrichment of a backlog against an Ollama-protocol server answering each call after a fixed latency: records held
 * in the pending stores, heap after a collection, resident memory and punctuation time at every 2,000 records
 * enriched, with bounded intake (the default) and with intake practically unbounded, side by side in one run. Not a
 * test: {@code mvn -B -Pbench -pl enrich -am verify -DskipTests}; writes {@code bench/results/enrich-backlog-<date>.md}.
 */
public final class EnrichBacklogBenchmark {

    private static final String MODEL = "llama3.1:8b";
    private static final int PARTITIONS = 2;
    private static final int SAMPLE_EVERY = 2_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    /** One sample of the enrich instance. */
    record Sample(
            long enriched,
            long pending,
            double heapMb,
            double rssMb,
            double punctuateAvgMs,
            double punctuateMaxMs,
            double seconds) {}

    private EnrichBacklogBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.backlog.records", 10_000);
        long latencyMs = Long.getLong("bench.backlog.latencyMs", 50);
        Path results = Path.of(System.getProperty("bench.results", "../bench/results"));
        Map<String, List<Sample>> runs = new LinkedHashMap<>();
        runs.put("bounded (enrich.max.pending.records=1000, the default)", run(records, latencyMs, Map.of()));
        runs.put(
                "unbounded (enrich.max.pending.records=1000000)",
                run(records, latencyMs, Map.of(EnrichConfig.MAX_PENDING, 1_000_000)));
        Path report = results.resolve("enrich-backlog-" + LocalDate.now() + ".md");
        Files.createDirectories(results);
        Files.writeString(report, report(records, latencyMs, runs));
        System.out.println(Files.readString(report));
        System.out.println("written to " + report.toAbsolutePath());
    }

    private static List<Sample> run(int records, long latencyMs, Map<String, Object> overrides) throws Exception {
        Path work = Files.createTempDirectory("enrich-backlog");
        try (EmbeddedKafka kafka =
                        EmbeddedKafka.builder().dataDir(work.resolve("kafka")).start();
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers())) {
            Topics.all().forEach(t -> kafka.createTopic(t.name(), PARTITIONS));
            Map<String, Object> serdeConfig = Map.of("schema.registry.url", registry.url());
            produceBacklog(kafka.bootstrapServers(), serdeConfig, records);
            Map<String, Object> settings = new HashMap<>(overrides);
            int numCtx = new EnrichConfig(Map.of(), Map.of()).numCtx();
            try (FakeOllamaServer ollama =
                    new FakeOllamaServer(MODEL, numCtx, r -> answerAfter(latencyMs, r)).forgetRequests()) {
                settings.put(EnrichConfig.PROVIDER, "ollama");
                settings.put(EnrichConfig.BASE_URL, ollama.baseUrl());
                settings.put(EnrichConfig.MODEL, MODEL);
                EnrichApp app = EnrichApp.builder(
                                new EnrichConfig(settings, Map.of()), "enrich-backlog", kafka.bootstrapServers())
                        .streamsConfig(
                                StreamsConfig.STATE_DIR_CONFIG,
                                work.resolve("state").toString())
                        .streamsConfig(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)
                        .serdeConfig(serdeConfig)
                        .build();
                try {
                    app.start();
                    return follow(app, kafka.bootstrapServers(), records);
                } finally {
                    app.close(Duration.ofSeconds(30), true);
                }
            }
        }
    }

    private static String answerAfter(long latencyMs, com.fasterxml.jackson.databind.JsonNode request) {
        try {
            Thread.sleep(latencyMs); // the model server's latency, on the server's own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fake model interrupted", e);
        }
        return RuleBasedModel.answer(
                FakeOllamaServer.isClassification(request), FakeOllamaServer.lastUserMessage(request));
    }

    private static void produceBacklog(String bootstrap, Map<String, Object> serdeConfig, int records) {
        BacklogProducer.produce(bootstrap, serdeConfig, records, i -> record(i));
    }

    private static AgencyRecord record(int n) {
        String text = ("Invoice " + n + " for office supplies delivered to the records office. ").repeat(20);
        return AgencyRecord.newBuilder()
                .setRecordId("backlog-" + n)
                .setSourceUri("file:///inbox/backlog-" + n + ".txt")
                .setIngestedAt(Instant.parse("2026-12-01T00:00:00Z"))
                .setModality(Modality.DOCUMENT)
                .setMediaType("text/plain")
                .setFileName("backlog-" + n + ".txt")
                .setSizeBytes(text.length())
                .setSha256(PromptHash.sha256(text))
                .setContentUri("file:///blobs/backlog-" + n)
                .setText(text)
                .setTextLength(text.length())
                .build();
    }

    /** Counts the enrichments committed on the output topic and samples the instance at every 2,000. */
    private static List<Sample> follow(EnrichApp app, String bootstrap, int records) throws Exception {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "backlog-counter",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString());
        List<Sample> samples = new ArrayList<>();
        Set<String> enriched = new HashSet<>();
        long start = System.nanoTime();
        long deadline = start + TIMEOUT.toNanos();
        long next = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ENRICHED.name()));
            while (enriched.size() < records) {
                if (System.nanoTime() > deadline || app.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("enriched " + enriched.size() + " of " + records + " ("
                            + app.state() + ") within " + TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> enriched.add(r.key()));
                if (enriched.size() >= next && app.state() == KafkaStreams.State.RUNNING) {
                    samples.add(sample(app, enriched.size(), start));
                    System.out.println(samples.get(samples.size() - 1));
                    next = (enriched.size() / SAMPLE_EVERY + 1) * (long) SAMPLE_EVERY;
                }
            }
        }
        samples.add(sample(app, enriched.size(), start));
        return samples;
    }

    private static Sample sample(EnrichApp app, long enriched, long start) throws IOException {
        System.gc();
        double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
        return new Sample(
                enriched,
                app.pendingRecords(),
                heapMb,
                rssMb(),
                punctuate(app, "punctuate-latency-avg"),
                punctuate(app, "punctuate-latency-max"),
                (System.nanoTime() - start) / 1e9);
    }

    private static double punctuate(EnrichApp app, String name) {
        double worst = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : app.metrics().entrySet()) {
            if (m.getKey().name().equals(name)
                    && m.getKey().group().equals("stream-thread-metrics")
                    && m.getValue().metricValue() instanceof Double value
                    && !value.isNaN()) {
                worst = Math.max(worst, value);
            }
        }
        return worst;
    }

    private static double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1e3;
            }
        }
        return Double.NaN;
    }

    private static String report(int records, long latencyMs, Map<String, List<Sample>> runs) {
        StringBuilder md = new StringBuilder("# Enrich backlog benchmark, ")
                .append(LocalDate.now())
                .append("\n\n")
                .append(records)
                .append(" records waiting in `records.ingested.v1` (")
                .append(PARTITIONS)
                .append(" partitions, one stream thread, enrich.concurrency 4 per task) before enrich starts; ")
                .append("Ollama-protocol server answering each call after ")
                .append(latencyMs)
                .append(" ms (two calls per record). Pending = records in the tasks' pending stores; heap after ")
                .append("System.gc(); RSS of the whole JVM (broker, registry and model server included); ")
                .append("punctuation = Streams' punctuate-latency avg/max of the stream thread.\n\n")
                .append("Produced by `mvn -B -Pbench -pl enrich -am verify -DskipTests` (EnrichBacklogBenchmark).\n");
        runs.forEach((name, samples) -> {
            md.append("\n## ")
                    .append(name)
                    .append("\n\n")
                    .append("| enriched | pending | heap MB | RSS MB | punctuate avg ms | punctuate max ms | s |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Sample s : samples) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %d | %d | %.0f | %.0f | %.2f | %.2f | %.1f |%n",
                        s.enriched(),
                        s.pending(),
                        s.heapMb(),
                        s.rssMb(),
                        s.punctuateAvgMs(),
                        s.punctuateMaxMs(),
                        s.seconds()));
            }
        });
        return md.toString();
    }
}

package io.recordflow.enrich.bench;

import io.recordflow.blob.BlobRoots;
import io.recordflow.embedded.kafka.EmbeddedKafka;
import io.recordflow.embedded.registry.EmbeddedSchemaRegistry;
import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.Analyzers;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.analysis.TextSource;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.testing.RuleBasedModel;
import io.recordflow.enrich.topology.EnrichTopology;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Modality;
import io.recordflow.topics.Topics;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Model-call throughput of the enrich stage against an Ollama-protocol server with N parallel slots and a fixed
 * latency per call, adaptive admission beside today's fixed {@code enrich.concurrency} (the baseline) in one run:
 * saturation (busy slot-time / (slots x the server's active time)), records/s, calls per record, p50/p99 latency from
 * ingest to enrichment and peak heap; a replay of the same records under a fresh application id; and the pipeline's
 * overhead with a 0 ms model against a pass-through Streams application with the same exactly-once settings and
 * serdes. Not a test: {@code mvn -B -Pbench -pl enrich -am verify -DskipTests -Dbench.backlog.skip=true}; writes
 * {@code bench/results/throughput-<date>.md}.
 */
public final class ThroughputBenchmark {

    private static final String MODEL = "llama3.1:8b";
    private static final int PARTITIONS = 2;
    private static final String PASS_THROUGH_TOPIC = "bench.passthrough.v1";
    private static final String REPLAY_TOPIC = "records.enriched.replay.v1";
    private static final String WARM_UP_TOPIC = "bench.warm-up.enriched.v1";
    private static final String WARM_UP_PASS_THROUGH_TOPIC = "bench.warm-up.passthrough.v1";
    private static final String CALLING_PASS_THROUGH_TOPIC = "bench.passthrough.calling.v1";
    private static final int DEFAULT_WARM_UP_ROUNDS = 16;
    private static final Duration TIMEOUT = Duration.ofMinutes(60);
    /**
     * Warm-up rounds go on until the JIT compilers spend at most this share of a round's wall time (compiler time over
     * wall time: 1.0 is one compiler thread busy throughout); after one round they still took about one core of the
     * two for two minutes.
     */
    private static final double SETTLED_JIT_SHARE = 0.1;
    /** Records each warm-up round of the cached strategy caches under a prompt version of its own, so it misses. */
    private static final String WARM_UP_PROMPT_VERSION = "bench-warm-up-";

    /** What one enrich (or pass-through) run measured. */
    record Run(
            String label,
            int slots,
            int records,
            long calls,
            double saturation,
            double recordsPerSecond,
            double secondsToFirst,
            double steadyRecordsPerSecond,
            double p50Seconds,
            double p99Seconds,
            double peakHeapMb,
            int limitAtEnd,
            int maxOpenAtServer,
            long pendingChangelogRecords,
            Map<String, Double> cpuMsPerRecord,
            String admission) {

        double callsPerRecord() {
            return calls / (double) records;
        }

        double changelogRecordsPerRecord() {
            return pendingChangelogRecords / (double) records;
        }
    }

    /** The overhead runs (enrich first, the plain pass-through last) and each warm-up round's JIT share. */
    record Overhead(List<Run> runs, List<String> warmUpJitShares) {
        static Overhead none() {
            return new Overhead(List.of(), List.of());
        }
    }

    /** What a run's output consumer saw: records, the last arrival, latencies from ingest to enrichment. */
    record Output(int records, long firstArrivalNanos, long lastArrivalNanos, double[] latencySeconds) {

        /** Seconds from {@code startNanos} to the first committed record: start-up, group join, first commit. */
        double secondsToFirst(long startNanos) {
            return (firstArrivalNanos - startNanos) / 1e9;
        }

        /** Records/s from the first committed record to the last, the rate once the application is running. */
        double steadyRecordsPerSecond() {
            return lastArrivalNanos > firstArrivalNanos
                    ? (records - 1) / ((lastArrivalNanos - firstArrivalNanos) / 1e9)
                    : Double.NaN;
        }
    }

    private ThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.throughput.records", 4_000);
        long latencyMs = Long.getLong("bench.throughput.latencyMs", 400);
        double spread = Double.parseDouble(System.getProperty("bench.throughput.spread", "0"));
        int[] slotCounts = Arrays.stream(System.getProperty("bench.throughput.slots", "2,8,32,64")
                        .split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt)
                .toArray();
        Path results = Path.of(System.getProperty("bench.results", "../bench/results"));
        List<Run> saturation = new ArrayList<>();
        List<Run> replay = new ArrayList<>();
        // Quick looks only: the report compares both strategies and includes the overhead runs by default.
        boolean baseline = Boolean.parseBoolean(System.getProperty("bench.throughput.baseline", "true"));
        for (int i = 0; i < slotCounts.length; i++) {
            boolean last = i == slotCounts.length - 1;
            if (baseline) {
                saturation.add(run(records, slotCounts[i], latencyMs, spread, EnrichConfig.STRATEGY_FIXED, null));
            }
            saturation.add(run(
                    records, slotCounts[i], latencyMs, spread, EnrichConfig.STRATEGY_ADAPTIVE, last ? replay : null));
        }
        Overhead overhead = Boolean.parseBoolean(System.getProperty("bench.throughput.overhead", "true"))
                ? overhead(records)
                : Overhead.none();
        Path report = results.resolve("throughput-" + LocalDate.now() + ".md");
        Files.createDirectories(results);
        Files.writeString(report, report(records, latencyMs, spread, saturation, replay, overhead));
        System.out.println(Files.readString(report));
        System.out.println("written to " + report.toAbsolutePath());
    }

    /** One strategy against one server size on a fresh broker; with {@code replay} given, a replay follows. */
    private static Run run(int records, int slots, long latencyMs, double spread, String strategy, List<Run> replay)
            throws Exception {
        Path work = Files.createTempDirectory("throughput");
        try (EmbeddedKafka kafka =
                        EmbeddedKafka.builder().dataDir(work.resolve("kafka")).start();
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
                FakeOllamaServer ollama = server(Duration.ofMillis(latencyMs))
                        .capacity(slots, Duration.ofMillis(latencyMs), false, spread)) {
            Topics.all().forEach(t -> kafka.createTopic(t.name(), PARTITIONS));
            Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
            produce(kafka.bootstrapServers(), serde, records);
            String label = strategy + (strategy.equals(EnrichConfig.STRATEGY_FIXED) ? " (4 per task x 2 tasks)" : "");
            Run run = enrich(
                    label,
                    "throughput",
                    Topics.ENRICHED.name(),
                    kafka,
                    serde,
                    ollama,
                    slots,
                    strategy,
                    records,
                    Map.of());
            if (replay != null) {
                kafka.createTopic(REPLAY_TOPIC, PARTITIONS);
                ollama.resetCounters();
                replay.add(enrich(
                        "replay, fresh application id, " + strategy,
                        "throughput-replay",
                        REPLAY_TOPIC,
                        kafka,
                        serde,
                        ollama,
                        slots,
                        strategy,
                        records,
                        Map.of()));
            }
            return run;
        }
    }

    private static FakeOllamaServer server(Duration latency) throws Exception {
        int numCtx = new EnrichConfig(Map.of(), Map.of()).numCtx();
        return new FakeOllamaServer(
                        MODEL,
                        numCtx,
                        r -> RuleBasedModel.answer(
                                FakeOllamaServer.isClassification(r), FakeOllamaServer.lastUserMessage(r)))
                .forgetRequests();
    }

    private static Run enrich(
            String label,
            String applicationId,
            String outputTopic,
            EmbeddedKafka kafka,
            Map<String, Object> serde,
            FakeOllamaServer ollama,
            int slots,
            String strategy,
            int records,
            Map<String, Object> extraSettings)
            throws Exception {
        Map<String, Object> settings = new HashMap<>(extraSettings);
        settings.putAll(modelSettings(ollama));
        settings.put(EnrichConfig.CONCURRENCY_STRATEGY, strategy);
        settings.put(EnrichConfig.OUTPUT_TOPIC, outputTopic);
        EnrichApp app = EnrichApp.builder(new EnrichConfig(settings, Map.of()), applicationId, kafka.bootstrapServers())
                .streamsConfig(
                        StreamsConfig.STATE_DIR_CONFIG,
                        Files.createTempDirectory("throughput-state").toString())
                .streamsConfig(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)
                .serdeConfig(serde)
                .build();
        HeapPeak heap = new HeapPeak();
        ThreadCpu cpu = ThreadCpu.start();
        long start = System.nanoTime();
        Output output;
        int limitAtEnd;
        Map<String, Double> cpuMsPerRecord;
        String admission;
        try (AdmissionTrace trace = new AdmissionTrace(app.admission(), ollama)) {
            app.start();
            output = follow(
                    kafka.bootstrapServers(),
                    serde,
                    outputTopic,
                    records,
                    () -> app.state() == KafkaStreams.State.ERROR);
            cpuMsPerRecord = cpu.msPerRecord(records);
            limitAtEnd = app.admission().limit();
            admission = trace.summary(slots);
        } finally {
            heap.close();
            app.close(Duration.ofSeconds(30), true);
        }
        long active = ollama.activeNanos();
        Run run = new Run(
                label,
                slots,
                output.records(),
                ollama.chatCalls(),
                slots > 0 && active > 0 ? ollama.saturation(active) : Double.NaN,
                output.records() / ((output.lastArrivalNanos() - start) / 1e9),
                output.secondsToFirst(start),
                output.steadyRecordsPerSecond(),
                percentile(output.latencySeconds(), 0.50),
                percentile(output.latencySeconds(), 0.99),
                heap.peakMb(),
                limitAtEnd,
                ollama.maxOpen(),
                changelogRecords(kafka.bootstrapServers(), applicationId + "-" + EnrichTopology.PENDING_STORE),
                cpuMsPerRecord,
                admission);
        System.out.println(run);
        return run;
    }

    /**
     * Enrich with a 0 ms model (adaptive with the cache, then fixed without it), a pass-through application that makes
     * each record's model call, and a plain pass-through, over the same input on one broker. Warm-up rounds that are
     * not compared run the same configurations first, until the JIT has compiled their paths (after one round the JIT
     * and GC still took 1.35 ms of CPU per enriched record, a third of the run's CPU).
     */
    private static Overhead overhead(int records) throws Exception {
        Path work = Files.createTempDirectory("throughput-overhead");
        int maxWarmUpRounds = Integer.getInteger("bench.throughput.warmup.rounds", DEFAULT_WARM_UP_ROUNDS);
        try (EmbeddedKafka kafka =
                        EmbeddedKafka.builder().dataDir(work.resolve("kafka")).start();
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
                FakeOllamaServer ollama = server(Duration.ZERO);
                Analyzer analyzer = analyzer(ollama)) {
            Topics.all().forEach(t -> kafka.createTopic(t.name(), PARTITIONS));
            for (String topic : List.of(PASS_THROUGH_TOPIC, CALLING_PASS_THROUGH_TOPIC, REPLAY_TOPIC)) {
                kafka.createTopic(topic, PARTITIONS);
            }
            Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
            produce(kafka.bootstrapServers(), serde, records);
            Map<String, Object> cacheOff = Map.of(EnrichConfig.CACHE_ENABLED, false);
            EnrichedRecord template = null;
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            List<String> jitShares = new ArrayList<>();
            double jitShare = 1;
            for (int round = 1; round <= maxWarmUpRounds && jitShare > SETTLED_JIT_SHARE; round++) {
                long jitBefore = jit.getTotalCompilationTime();
                long startedAt = System.nanoTime();
                String enriched = WARM_UP_TOPIC + "-" + round;
                String copied = WARM_UP_PASS_THROUGH_TOPIC + "-" + round;
                kafka.createTopic(enriched, PARTITIONS);
                kafka.createTopic(copied, PARTITIONS);
                // Odd rounds warm the fixed strategy without the cache, even ones the measured configuration: adaptive
                // with the cache, under a prompt version of the round's own, so every lookup misses and every analysis
                // is written through, as in the measured run.
                boolean measuredConfiguration = round % 2 == 0;
                String strategy = measuredConfiguration ? EnrichConfig.STRATEGY_ADAPTIVE : EnrichConfig.STRATEGY_FIXED;
                enrich(
                        "warm-up " + round + ", enrich, " + strategy + (measuredConfiguration ? "" : ", cache off"),
                        "throughput-warm-up-" + round,
                        enriched,
                        kafka,
                        serde,
                        ollama,
                        0,
                        strategy,
                        records,
                        measuredConfiguration
                                ? Map.of(EnrichConfig.PROMPT_VERSION, WARM_UP_PROMPT_VERSION + round)
                                : cacheOff);
                template = template != null ? template : sample(kafka.bootstrapServers(), serde, enriched);
                passThrough(
                        kafka,
                        serde,
                        template,
                        records,
                        "throughput-passthrough-warm-up-" + round,
                        copied,
                        measuredConfiguration ? null : analyzer,
                        ollama::chatCalls);
                jitShare = (jit.getTotalCompilationTime() - jitBefore) / ((System.nanoTime() - startedAt) / 1e6);
                jitShares.add(String.format(Locale.ROOT, "%.2f", jitShare));
            }
            // The measured enrich starts, as the first enrich application of a cluster does, from an empty cache: its
            // global store restores nothing of what the warm-up rounds wrote.
            emptyTopic(kafka, Topics.ANALYSIS_CACHE.name());
            ollama.resetCounters();
            Run enrich = enrich(
                    "enrich, 0 ms model, adaptive",
                    "throughput-overhead",
                    Topics.ENRICHED.name(),
                    kafka,
                    serde,
                    ollama,
                    0,
                    EnrichConfig.STRATEGY_ADAPTIVE,
                    records,
                    Map.of());
            ollama.resetCounters();
            Run fixed = enrich(
                    "enrich, 0 ms model, fixed (4 per task x 2 tasks), cache off",
                    "throughput-overhead-fixed",
                    REPLAY_TOPIC,
                    kafka,
                    serde,
                    ollama,
                    0,
                    EnrichConfig.STRATEGY_FIXED,
                    records,
                    // The adaptive run filled the shared cache: without this every record would be a cache hit.
                    cacheOff);
            ollama.resetCounters();
            Run calling = passThrough(
                    kafka,
                    serde,
                    template,
                    records,
                    "throughput-passthrough-calling",
                    CALLING_PASS_THROUGH_TOPIC,
                    analyzer,
                    ollama::chatCalls);
            ollama.resetCounters();
            Run plain = passThrough(
                    kafka,
                    serde,
                    template,
                    records,
                    "throughput-passthrough",
                    PASS_THROUGH_TOPIC,
                    null,
                    ollama::chatCalls);
            return new Overhead(List.of(enrich, fixed, calling, plain), jitShares);
        }
    }

    /** The analyzer enrich builds for the same settings, for the pass-through that makes each record's call. */
    private static Analyzer analyzer(FakeOllamaServer ollama) throws Exception {
        EnrichConfig config = new EnrichConfig(modelSettings(ollama), Map.of());
        return Analyzers.create(config, config.taxonomy());
    }

    /** The model server settings every enrich run and the calling pass-through share. */
    private static Map<String, Object> modelSettings(FakeOllamaServer ollama) {
        return Map.of(
                EnrichConfig.PROVIDER, "ollama", EnrichConfig.BASE_URL, ollama.baseUrl(), EnrichConfig.MODEL, MODEL);
    }

    /**
     * Deletes every record of {@code topic} (its log start moves to its end). A compacted topic refuses record
     * deletion, so its cleanup policy allows it for the call and is set back after.
     */
    private static void emptyTopic(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String policy = admin.describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                    .value();
            setCleanupPolicy(
                    admin, resource, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE);
            Map<TopicPartition, RecordsToDelete> all = new HashMap<>();
            for (var partition : admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()) {
                TopicPartition tp = new TopicPartition(topic, partition.partition());
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                        .partitionResult(tp)
                        .get()
                        .offset();
                all.put(tp, RecordsToDelete.beforeOffset(end));
            }
            admin.deleteRecords(all).all().get();
            setCleanupPolicy(admin, resource, policy);
        }
    }

    private static void setCleanupPolicy(Admin admin, ConfigResource topic, String policy) throws Exception {
        admin.incrementalAlterConfigs(Map.of(
                        topic,
                        List.of(new AlterConfigOp(
                                new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, policy), AlterConfigOp.OpType.SET))))
                .all()
                .get();
    }

    private static Run passThrough(
            EmbeddedKafka kafka,
            Map<String, Object> serde,
            EnrichedRecord template,
            int records,
            String applicationId,
            String outputTopic,
            Analyzer analyzer,
            LongSupplier serverCalls)
            throws Exception {
        Topology topology = new Topology();
        topology.addSource(
                "in",
                Serdes.String().deserializer(),
                Topics.INGESTED.valueSerde(serde).deserializer(),
                Topics.INGESTED.name());
        topology.addProcessor("copy", () -> new CopyProcessor(template, analyzer), "in");
        topology.addSink(
                "out",
                outputTopic,
                Serdes.String().serializer(),
                Topics.ENRICHED.valueSerde(serde).serializer(),
                "copy");
        Properties props = EnrichTopology.streamsProperties(applicationId, kafka.bootstrapServers());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("passthrough-state").toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        HeapPeak heap = new HeapPeak();
        ThreadCpu cpu = ThreadCpu.start();
        long start = System.nanoTime();
        Output output;
        Map<String, Double> cpuMsPerRecord;
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            output = follow(
                    kafka.bootstrapServers(),
                    serde,
                    outputTopic,
                    records,
                    () -> streams.state() == KafkaStreams.State.ERROR);
            cpuMsPerRecord = cpu.msPerRecord(records);
        } finally {
            heap.close();
        }
        return new Run(
                analyzer == null
                        ? "pass-through Streams app (same EOS settings and serdes, no model)"
                        : "pass-through Streams app making each record's model call (same analyzer, on the stream "
                                + "thread)",
                0,
                output.records(),
                serverCalls.getAsLong(),
                Double.NaN,
                output.records() / ((output.lastArrivalNanos() - start) / 1e9),
                output.secondsToFirst(start),
                output.steadyRecordsPerSecond(),
                percentile(output.latencySeconds(), 0.50),
                percentile(output.latencySeconds(), 0.99),
                heap.peakMb(),
                0,
                0,
                0,
                cpuMsPerRecord,
                "n/a");
    }

    /**
     * Writes, per input record, the template enrichment with the record's id and the record itself; with an analyzer,
     * after making the record's model call through it (the answer is not used: the reference is the call's cost).
     */
    private static final class CopyProcessor implements Processor<String, AgencyRecord, String, EnrichedRecord> {
        private final EnrichedRecord template;
        private final Analyzer analyzer;
        private final TextSource texts = new TextSource(BlobRoots.none());
        private ProcessorContext<String, EnrichedRecord> context;

        CopyProcessor(EnrichedRecord template, Analyzer analyzer) {
            this.template = template;
            this.analyzer = analyzer;
        }

        @Override
        public void init(ProcessorContext<String, EnrichedRecord> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, AgencyRecord> record) {
            if (analyzer != null) {
                try {
                    analyzer.analyze(record.value(), texts.read(record.value()));
                } catch (LlmException e) {
                    throw new IllegalStateException("model call for " + record.key() + " failed", e);
                }
            }
            EnrichedRecord copy = EnrichedRecord.newBuilder(template)
                    .setRecordId(record.key())
                    .setRecord(record.value())
                    .setEnrichedAt(Instant.now())
                    .build();
            context.forward(record.withValue(copy));
        }
    }

    private static EnrichedRecord sample(String bootstrap, Map<String, Object> serde, String topic) {
        try (KafkaConsumer<String, EnrichedRecord> consumer = consumer(bootstrap, serde, "throughput-sample")) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    return r.value();
                }
            }
        }
        throw new IllegalStateException("no enriched record to size the pass-through output on");
    }

    private static KafkaConsumer<String, EnrichedRecord> consumer(
            String bootstrap, Map<String, Object> serde, String group) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString());
        return new KafkaConsumer<>(
                props,
                new StringDeserializer(),
                Topics.ENRICHED.valueSerde(serde).deserializer());
    }

    /** Records (not transaction markers) in the changelog of {@code storePrefix} (application id plus store name). */
    private static long changelogRecords(String bootstrap, String storePrefix) {
        String topic = storePrefix + "-changelog";
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    /** Reads committed output until every record arrived; latency = enrichedAt - ingestedAt of each. */
    private static Output follow(
            String bootstrap, Map<String, Object> serde, String topic, int records, BooleanSupplier failed) {
        Set<String> seen = new HashSet<>();
        double[] latencies = new double[records];
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long first = 0;
        long last = 0;
        try (KafkaConsumer<String, EnrichedRecord> consumer =
                consumer(bootstrap, serde, "throughput-follow-" + topic + "-" + System.nanoTime())) {
            consumer.subscribe(List.of(topic));
            while (seen.size() < records) {
                if (System.nanoTime() > deadline || failed.getAsBoolean()) {
                    throw new IllegalStateException(
                            "only " + seen.size() + " of " + records + " records reached " + topic);
                }
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    if (seen.size() < records && seen.add(r.key())) {
                        EnrichedRecord value = r.value();
                        latencies[seen.size() - 1] =
                                Duration.between(value.getRecord().getIngestedAt(), value.getEnrichedAt())
                                                .toMillis()
                                        / 1e3;
                        last = System.nanoTime();
                        first = first == 0 ? last : first;
                    }
                }
            }
        }
        return new Output(seen.size(), first, last, latencies);
    }

    private static void produce(String bootstrap, Map<String, Object> serde, int records) {
        BacklogProducer.produce(bootstrap, serde, records, i -> record(i));
    }

    private static final String[] SUBJECTS = {
        "Invoice %d for office supplies delivered to the records office; payment authorised by the contracting officer. ",
        "Incident report %d: a phishing e-mail compromised credentials of a help desk account; the account was reset. ",
        "FOIA request %d for records about the lease of the annex parking structure and related correspondence. ",
        "Budget request %d for fiscal year 2026 salaries and expenses of the Office of Records Management. "
    };

    /** A distinct document of about 5 KB (so no two records share a cache key). */
    private static AgencyRecord record(int n) {
        String sentence = SUBJECTS[n % SUBJECTS.length].formatted(n);
        String text = sentence.repeat(Math.max(1, 5_000 / sentence.length()));
        return AgencyRecord.newBuilder()
                .setRecordId("throughput-" + n)
                .setSourceUri("file:///inbox/throughput-" + n + ".txt")
                .setIngestedAt(Instant.now())
                .setModality(Modality.DOCUMENT)
                .setMediaType("text/plain")
                .setFileName("throughput-" + n + ".txt")
                .setSizeBytes(text.length())
                .setSha256(PromptHash.sha256(text))
                .setContentUri("file:///blobs/throughput-" + n)
                .setText(text)
                .setTextLength(text.length())
                .build();
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    /** Samples the heap in use every 100 ms while a run lasts (the whole JVM: broker, registry and server too). */
    private static final class HeapPeak implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heap-sampler");
            t.setDaemon(true);
            return t;
        });

        HeapPeak() {
            sampler.scheduleAtFixedRate(
                    () -> peak.accumulateAndGet(
                            ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed(),
                            Math::max),
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
        }

        double peakMb() {
            return peak.get() / (1024.0 * 1024.0);
        }

        @Override
        public void close() {
            sampler.shutdownNow();
        }
    }

    private static final List<String> CPU_GROUPS = List.of(
            ThreadCpu.STREAM_THREAD,
            ThreadCpu.PRODUCER_IO,
            ThreadCpu.MODEL_CALLS,
            ThreadCpu.MODEL_SERVER,
            ThreadCpu.BROKER,
            ThreadCpu.BENCH,
            ThreadCpu.OTHER,
            ThreadCpu.JIT_GC);

    /** Where the process's CPU went, per record, by thread group. */
    private static void cpuTable(StringBuilder md, List<Run> runs) {
        md.append("\nCPU time per record by thread group, ms (the one JVM's process CPU time; the last group is what ")
                .append("no live Java thread accounts for: JIT compiler, GC, threads that ended):\n\n| run | ")
                .append(String.join(" | ", CPU_GROUPS))
                .append(" | total |\n|---|")
                .append("---:|".repeat(CPU_GROUPS.size() + 1))
                .append("\n");
        for (Run r : runs) {
            md.append("| ").append(r.label()).append(" |");
            for (String group : CPU_GROUPS) {
                md.append(
                        String.format(Locale.ROOT, " %.2f |", r.cpuMsPerRecord().getOrDefault(group, 0.0)));
            }
            md.append(String.format(
                    Locale.ROOT,
                    " %.2f |%n",
                    r.cpuMsPerRecord().values().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum()));
        }
    }

    private static String report(
            int records, long latencyMs, double spread, List<Run> saturation, List<Run> replay, Overhead measured) {
        List<Run> overhead = measured.runs();
        StringBuilder md = new StringBuilder("# Enrich throughput benchmark, ")
                .append(LocalDate.now())
                .append("\n\n")
                .append(records)
                .append(" records of about 5 KB waiting in `records.ingested.v1` (")
                .append(PARTITIONS)
                .append(" partitions, one stream thread) before enrich starts, against an in-process Ollama-protocol ")
                .append("server with N parallel slots holding each chat call ")
                .append(latencyMs)
                .append(
                        spread == 0
                                ? " ms"
                                : String.format(
                                        Locale.ROOT,
                                        " ms on average, each call's time log-normal with sigma %.2f"
                                                + " (`-Dbench.throughput.spread`, calls of different lengths)",
                                        spread))
                .append(" (calls beyond N queue); every setting at its default except the strategy. ")
                .append("Saturation = busy slot-time / (slots x the server's active time, first request to last ")
                .append("answer). Records/s from the application's start to the last record committed. Calls = chat ")
                .append("requests counted at the server. Latency = enrichedAt - ingestedAt (the whole backlog is ")
                .append("produced first, so it is mostly waiting in the topic). Heap = peak heap in use of the whole ")
                .append(
                        "JVM (broker, registry and model server included), sampled every 100 ms. The machine is shared ")
                .append("(2 cores, other builds running): compare rows of the same run, not absolute figures.\n\n")
                .append("Produced by `mvn -B -Pbench -pl enrich -am verify -DskipTests -Dbench.backlog.skip=true` ")
                .append("(ThroughputBenchmark; -Dbench.throughput.records=N -Dbench.throughput.slots=2,8 for a quick ")
                .append("run).\n\n## Saturation: adaptive vs fixed (today's enrich.concurrency=4 per task)\n\n");
        md.append("| slots | strategy | saturation | records/s | calls/record | limit at end | max open at server "
                        + "| p50 s | p99 s | peak heap MB | stream thread CPU ms/record "
                        + "| samples with a slot idle; limit min/median/max |\n")
                .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Run r : saturation) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %.2f | %.1f | %.2f | %d | %d | %.1f | %.1f | %.0f | %.2f | %s |%n",
                    r.slots(),
                    r.label(),
                    r.saturation(),
                    r.recordsPerSecond(),
                    r.callsPerRecord(),
                    r.limitAtEnd(),
                    r.maxOpenAtServer(),
                    r.p50Seconds(),
                    r.p99Seconds(),
                    r.peakHeapMb(),
                    r.cpuMsPerRecord().getOrDefault(ThreadCpu.STREAM_THREAD, 0.0),
                    r.admission()));
        }
        md.append("\n## Replay of the same records (same model, prompt and taxonomy, fresh application id)\n\n")
                .append("| slots | run | model calls at the server | calls/record | records/s |\n")
                .append("|---:|---|---:|---:|---:|\n");
        for (Run r : replay) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %d | %.2f | %.1f |%n",
                    r.slots(),
                    r.label(),
                    r.calls(),
                    r.callsPerRecord(),
                    r.recordsPerSecond()));
        }
        if (overhead.isEmpty()) {
            return md.toString();
        }
        Run enrich = overhead.get(0);
        Run pass = overhead.get(overhead.size() - 1);
        md.append("\n## Pipeline overhead with a 0 ms model\n\n")
                .append("The four applications read the same ")
                .append(records)
                .append(" records one after the other on one broker (p50/p99 include the wait for the earlier ")
                .append("ones), after warm-up rounds of the same configurations over the same records that are not ")
                .append("compared (the cached ones under a prompt version of their own, so every lookup missed; their ")
                .append(
                        "cache entries deleted before the measured runs): rounds run until the JIT compilers' time is at most ")
                .append(SETTLED_JIT_SHARE)
                .append(" of a round's wall time, at most `-Dbench.throughput.warmup.rounds` (" + DEFAULT_WARM_UP_ROUNDS
                        + "). JIT time / wall time ")
                .append("of each warm-up round: ")
                .append(String.join(", ", measured.warmUpJitShares()))
                .append(".\n\n")
                .append("| run | records/s | s to the first record | records/s from the first record | calls/record "
                        + "| pending-store changelog records/record | p50 s | p99 s | peak heap MB |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : overhead) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %.2f | %.1f | %.2f | %.2f | %.1f | %.1f | %.0f |%n",
                    r.label(),
                    r.recordsPerSecond(),
                    r.secondsToFirst(),
                    r.steadyRecordsPerSecond(),
                    r.callsPerRecord(),
                    r.changelogRecordsPerRecord(),
                    r.p50Seconds(),
                    r.p99Seconds(),
                    r.peakHeapMb()));
        }
        Run calling = overhead.get(overhead.size() - 2);
        md.append(String.format(
                        Locale.ROOT,
                        "%nenrich (adaptive) / pass-through = **%.2f** (target >= 0.5) from each application's start; "
                                + "%.2f from each one's first committed record%n",
                        enrich.recordsPerSecond() / pass.recordsPerSecond(),
                        enrich.steadyRecordsPerSecond() / pass.steadyRecordsPerSecond()))
                .append(String.format(
                        Locale.ROOT,
                        "%nThe model call alone: pass-through making each record's call / pass-through = %.2f (%.2f "
                                + "from the first record). Enrich's own overhead beyond the call: enrich (adaptive) / "
                                + "pass-through making the call = %.2f (%.2f from the first record).%n",
                        calling.recordsPerSecond() / pass.recordsPerSecond(),
                        calling.steadyRecordsPerSecond() / pass.steadyRecordsPerSecond(),
                        enrich.recordsPerSecond() / calling.recordsPerSecond(),
                        enrich.steadyRecordsPerSecond() / calling.steadyRecordsPerSecond()));
        cpuTable(md, overhead);
        return md.toString();
    }
}

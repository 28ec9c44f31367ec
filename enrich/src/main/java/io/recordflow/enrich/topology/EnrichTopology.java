package io.recordflow.enrich.topology;

import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.assemble.AuditTrail;
import io.recordflow.enrich.assemble.EnrichmentAssembler;
import io.recordflow.enrich.assemble.ReviewPolicy;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.injection.InjectionDetector;
import io.recordflow.enrich.sensitivity.SensitivityScanner;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.topics.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The enrich topology: {@code records.ingested.v1} in; {@code records.enriched.v1} (every record),
 * {@code records.review.v1}, {@code records.dlq.v1} and {@code records.audit.v1} out (each configurable, for
 * side-topic replays). With the cache on, a global store follows {@code records.analysis-cache.v1}, shared by every
 * enrich application, and new analyses are written through to it. With human precedence on, a global store follows {@code records.enriched.v1} so a record a
 * reviewer decided keeps the human classification when it is enriched again. A pure function of its arguments;
 * run it with {@link #streamsProperties} (exactly-once v2).
 */
public final class EnrichTopology {
    public static final String SOURCE = "ingested-source";
    public static final String PROCESSOR = "enrich";
    public static final String ENRICHED_SINK = "enriched-sink";
    public static final String REVIEW_SINK = "review-sink";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String AUDIT_SINK = "audit-sink";
    public static final String PENDING_STORE = "enrich-pending";
    /**
     * Global store mirroring {@code records.analysis-cache.v1}, shared by every enrich application. Replaces the
     * application-private store {@code enrich-analysis-cache} of earlier versions, whose changelog topic
     * ({@code <application id>-enrich-analysis-cache-changelog}) is left unused on the cluster.
     */
    public static final String CACHE_STORE = "enrich-shared-analysis-cache";

    public static final String CACHE_SOURCE = "analysis-cache-source";
    public static final String CACHE_PROCESSOR = "analysis-cache";
    public static final String CACHE_SINK = "analysis-cache-sink";
    /** Global store mirroring the latest enrichment per record of records.enriched.v1, read for human decisions. */
    public static final String HUMAN_STORE = "enrich-human-decisions";

    public static final String HUMAN_SOURCE = "human-decisions-source";
    public static final String HUMAN_PROCESSOR = "human-decisions";

    private EnrichTopology() {}

    /** What the processor needs besides the analyzer; {@code admission} is the instance's, shared by its tasks. */
    record Settings(
            EnrichConfig config, String taxonomyFingerprint, Map<Integer, Long> stopOffsets, CallAdmission admission) {}

    /**
     * @param config enrich settings
     * @param taxonomy the records schedule classifications are checked against
     * @param analyzer the model behind the enrichment (shared by all tasks; thread-safe)
     * @param serdeConfig schema-registry settings for the Avro serdes ({@code schema.registry.url}, ...)
     */
    public static Topology build(
            EnrichConfig config, Taxonomy taxonomy, Analyzer analyzer, Map<String, ?> serdeConfig) {
        return build(config, taxonomy, analyzer, serdeConfig, CallAdmission.of(config));
    }

    /**
     * As {@link #build(EnrichConfig, Taxonomy, Analyzer, Map)}, with the admission of model calls the instance's tasks
     * share (its limit is what metrics report); the caller closes it after the Streams instance.
     */
    public static Topology build(
            EnrichConfig config,
            Taxonomy taxonomy,
            Analyzer analyzer,
            Map<String, ?> serdeConfig,
            CallAdmission admission) {
        Settings settings = new Settings(
                config,
                PromptHash.sha256(taxonomy.schedule() + taxonomy.version() + taxonomy.categories()),
                config.stopOffsets(),
                admission);
        EnrichmentAssembler assembler = assembler(config, taxonomy);
        AuditTrail audit = new AuditTrail(config.pipelineVersion());

        Topology topology = new Topology();
        topology.addSource(
                SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.INGESTED.name());
        topology.addProcessor(
                PROCESSOR,
                () -> new EnrichProcessor(
                        settings,
                        analyzer,
                        assembler,
                        audit,
                        Topics.INGESTED.valueSerde(serdeConfig).deserializer(),
                        config.humanPrecedence()
                                ? Topics.ENRICHED.valueSerde(serdeConfig).deserializer()
                                : null,
                        Topics.ENRICHED.valueSerde(serdeConfig).serializer(),
                        config.cacheEnabled()
                                ? Topics.ANALYSIS_CACHE.valueSerde(serdeConfig).deserializer()
                                : null),
                SOURCE);
        // Cached: an entry whose call finishes before the next commit reaches the changelog as one tombstone instead
        // of its whole value followed by a tombstone (with a fast model, most entries).
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled(),
                PROCESSOR);
        // The serdes register value schemas under "<topic>-value", so side topics get subjects of their own.
        topology.addSink(
                ENRICHED_SINK,
                config.outputTopic(),
                Serdes.String().serializer(),
                Topics.ENRICHED.valueSerde(serdeConfig).serializer(),
                PROCESSOR);
        topology.addSink(
                REVIEW_SINK,
                config.reviewTopic(),
                Serdes.String().serializer(),
                Topics.REVIEW.valueSerde(serdeConfig).serializer(),
                PROCESSOR);
        topology.addSink(
                DLQ_SINK,
                config.dlqTopic(),
                Serdes.String().serializer(),
                Topics.DLQ.valueSerde(serdeConfig).serializer(),
                PROCESSOR);
        topology.addSink(
                AUDIT_SINK,
                config.auditTopic(),
                Serdes.String().serializer(),
                Topics.AUDIT.valueSerde(serdeConfig).serializer(),
                PROCESSOR);
        if (config.cacheEnabled()) {
            addAnalysisCache(topology, serdeConfig);
        }
        if (config.humanPrecedence()) {
            // Raw bytes, latest per key: restoring a global store copies the topic without the processor, so the
            // store must hold exactly what the processor would put; the provider is checked on lookup.
            topology.addGlobalStore(
                    Stores.keyValueStoreBuilder(
                                    Stores.persistentKeyValueStore(HUMAN_STORE), Serdes.String(), Serdes.ByteArray())
                            .withLoggingDisabled(),
                    HUMAN_SOURCE,
                    Serdes.String().deserializer(),
                    Serdes.ByteArray().deserializer(),
                    Topics.ENRICHED.name(),
                    HUMAN_PROCESSOR,
                    () -> new LatestValueMirror(HUMAN_STORE));
        }
        return topology;
    }

    /**
     * The shared analysis cache: a global store following {@code records.analysis-cache.v1} (raw bytes, latest per
     * key, decoded on lookup so an unreadable entry is a miss rather than a failed restore) and a sink the processor
     * writes new entries to, in the same transaction as the enrichment.
     */
    private static void addAnalysisCache(Topology topology, Map<String, ?> serdeConfig) {
        topology.addSink(
                CACHE_SINK,
                Topics.ANALYSIS_CACHE.name(),
                Serdes.String().serializer(),
                Topics.ANALYSIS_CACHE.valueSerde(serdeConfig).serializer(),
                PROCESSOR);
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(CACHE_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                CACHE_SOURCE,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                Topics.ANALYSIS_CACHE.name(),
                CACHE_PROCESSOR,
                () -> new LatestValueMirror(CACHE_STORE));
    }

    /** Turns an analysis into the enriched record under {@code config}'s thresholds and {@code taxonomy}. */
    static EnrichmentAssembler assembler(EnrichConfig config, Taxonomy taxonomy) {
        return new EnrichmentAssembler(
                taxonomy,
                SensitivityScanner.standard(),
                new InjectionDetector(config.injectionThreshold()),
                new ReviewPolicy(config.confidenceThreshold(), config.sensitivityThreshold()),
                config.pipelineVersion());
    }

    /** Streams settings the topology is meant to run with: exactly-once v2 and the given application id. */
    public static Properties streamsProperties(String applicationId, String bootstrapServers) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return props;
    }
}

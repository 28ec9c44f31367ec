package io.recordflow.enrich;

import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.Analyzers;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.enrich.metrics.EnrichMetrics;
import io.recordflow.enrich.metrics.MeteredAnalyzer;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.topology.AnalysisCacheTopic;
import io.recordflow.enrich.topology.CallAdmission;
import io.recordflow.enrich.topology.EnrichTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrich stage as one running Kafka Streams application: settings → records schedule → analyzer (metered) →
 * {@link EnrichTopology} → {@link KafkaStreams}, built by {@link #builder}, then {@link #start()}, {@link #state()},
 * {@link #metrics()} and {@link #close(Duration, boolean)}, which also closes the analyzer. The local mode, the
 * {@code recordflow enrich} service and replays all run the stage through this class.
 *
 * <p>Thread-failure policy: a stream thread that dies shuts this instance down
 * ({@link StreamThreadExceptionResponse#SHUTDOWN_CLIENT}; state {@code ERROR}, {@link #failure()} completes). A
 * record's own failures never reach this handler: the processor dead-letters them. What does reach it is a fault of
 * the instance or a defect (state store, fencing, a bug), and a replacement thread would resume the same task from
 * the same commit and usually fail the same way, in a loop that {@code /health} would still report as running. So
 * the failure is made loud instead: the service exits for its orchestrator to restart it, a replay stops with the
 * cause and the local mode stops following with it. Not {@code SHUTDOWN_APPLICATION}: one instance's fault should
 * not stop its healthy peers.
 */
public final class EnrichApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichApp.class);
    /** Close timeout of {@link #close()}. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(8);

    private final String applicationId;
    private final EnrichConfig config;
    private final Taxonomy taxonomy;
    private final Analyzer analyzer;
    private final EnrichMetrics modelMetrics;
    private final CallAdmission admission;
    private final KafkaStreams streams;
    private final Map<String, Object> adminProperties;
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    private final AtomicBoolean analyzerClosed = new AtomicBoolean();
    private final LocalStateClaim localState;

    private EnrichApp(Builder builder, Taxonomy taxonomy, Analyzer analyzer) {
        this.applicationId = builder.streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        this.config = builder.config;
        this.taxonomy = taxonomy;
        this.modelMetrics = new EnrichMetrics();
        this.analyzer = new MeteredAnalyzer(analyzer, modelMetrics);
        this.admission = CallAdmission.of(config);
        modelMetrics.concurrencyLimit(admission::limit);
        this.adminProperties = adminProperties(builder.streamsProperties, applicationId);
        // Before Streams opens the folder: a run that did not stop cleanly left global stores Streams cannot reopen.
        this.localState = LocalStateClaim.claim(appStateDir(builder.streamsProperties, applicationId), applicationId);
        this.streams = new KafkaStreams(
                EnrichTopology.build(config, taxonomy, this.analyzer, builder.serdeConfig, admission),
                builder.streamsProperties);
        streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
        streams.setStateListener((now, before) -> {
            LOG.info("enrich application {}: Streams state {} -> {}", applicationId, before, now);
            if (now == KafkaStreams.State.ERROR) {
                failure.complete(
                        new IllegalStateException("enrich application " + applicationId + " failed (state ERROR)"));
            }
        });
    }

    /**
     * @param config the enrich settings (model, topics, thresholds ...)
     * @param applicationId Streams application id = consumer group
     * @param bootstrapServers the cluster
     */
    public static Builder builder(EnrichConfig config, String applicationId, String bootstrapServers) {
        return new Builder(config, applicationId, bootstrapServers);
    }

    /** Collects what the application runs with; {@link #build()} creates the analyzer and the Streams instance. */
    public static final class Builder {
        private final EnrichConfig config;
        private final Properties streamsProperties;
        private Map<String, ?> serdeConfig = Map.of();
        private Analyzer analyzer;

        private Builder(EnrichConfig config, String applicationId, String bootstrapServers) {
            this.config = config;
            this.streamsProperties = EnrichTopology.streamsProperties(applicationId, bootstrapServers);
        }

        /** Further Streams and client settings (security, threads, state folder ...), applied over the defaults. */
        public Builder streamsConfig(Map<?, ?> settings) {
            streamsProperties.putAll(settings);
            return this;
        }

        /** One further Streams or client setting. */
        public Builder streamsConfig(String key, Object value) {
            streamsProperties.put(key, value);
            return this;
        }

        /** A copy of the Streams settings the application will run with. */
        public Properties streamsProperties() {
            Properties copy = new Properties();
            copy.putAll(streamsProperties);
            return copy;
        }

        /** Schema-registry settings of the Avro serdes ({@code schema.registry.url}, credentials). */
        public Builder serdeConfig(Map<String, ?> settings) {
            this.serdeConfig = Map.copyOf(settings);
            return this;
        }

        /** The model to use instead of the one the settings name; the application closes it with itself. */
        public Builder analyzer(Analyzer model) {
            this.analyzer = model;
            return this;
        }

        /** Says once where records' files are read from, or that none will be: no root means every file URI fails. */
        private static void announceBlobRoots(EnrichConfig config) {
            if (config.blobRoots().isEmpty()) {
                LOG.warn(
                        "{} is not set: enrich reads no file a record names, so every record whose full text "
                                + "(truncated text) or image must be read from the blob store is dead-lettered. Set it "
                                + "to the blob store folder ingest writes (blob.root).",
                        EnrichConfig.BLOB_ROOTS);
            } else {
                LOG.info(
                        "enrich reads full texts and images only from the blob store {}",
                        config.blobRoots().describe());
            }
        }

        /** Loads the records schedule, creates the analyzer (unless given) and the Streams instance, not started. */
        public EnrichApp build() throws LlmException {
            Taxonomy taxonomy = config.taxonomy();
            announceBlobRoots(config);
            Analyzer model = analyzer != null ? analyzer : Analyzers.create(config, taxonomy);
            try {
                return new EnrichApp(this, taxonomy, model);
            } catch (RuntimeException | Error e) {
                model.close();
                throw e;
            }
        }
    }

    /** The connection and security settings of the Streams properties that an admin client takes. */
    private static Map<String, Object> adminProperties(Properties streamsProperties, String applicationId) {
        Map<String, Object> admin = new HashMap<>();
        Set<String> known = AdminClientConfig.configNames();
        streamsProperties.forEach((k, v) -> {
            if (known.contains(String.valueOf(k))) {
                admin.put(String.valueOf(k), v);
            }
        });
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, applicationId + "-cache-topic-admin");
        return admin;
    }

    /** {@code <state.dir>/<application.id>}, where Streams keeps this application's local state. */
    private static Path appStateDir(Properties streamsProperties, String applicationId) {
        Object stateDir = streamsProperties.getOrDefault(
                StreamsConfig.STATE_DIR_CONFIG,
                StreamsConfig.configDef().defaultValues().get(StreamsConfig.STATE_DIR_CONFIG));
        return Path.of(String.valueOf(stateDir), applicationId);
    }

    private StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
        LOG.error("enrich application {}: a stream thread failed; shutting this instance down", applicationId, e);
        failure.complete(e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Starts processing, after creating the shared analysis-cache topic when it is missing (and the cache is on). */
    public EnrichApp start() {
        if (config.cacheEnabled()) {
            try (Admin admin = Admin.create(adminProperties)) {
                AnalysisCacheTopic.ensure(admin, config);
            }
        }
        streams.start();
        ProviderInfo model = analyzer.info();
        LOG.info(
                "enrich application {} started: provider {} model {}, taxonomy {} {}",
                applicationId,
                model.provider(),
                model.model(),
                taxonomy.schedule(),
                taxonomy.version());
        return this;
    }

    /** The Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Completes with the cause once the instance has failed for good (a stream thread died, state ERROR). */
    public CompletableFuture<Throwable> failure() {
        return failure;
    }

    /** Kafka Streams' metrics of this instance (threads, tasks, topics, clients). */
    public Map<MetricName, ? extends Metric> metrics() {
        return streams.metrics();
    }

    /** The model-call metrics (in flight, outcomes, durations). */
    public EnrichMetrics modelMetrics() {
        return modelMetrics;
    }

    /** Admission of this instance's model calls: strategy, current limit, calls in flight. */
    public CallAdmission admission() {
        return admission;
    }

    /** Provider and model answering this application's calls. */
    public ProviderInfo model() {
        return analyzer.info();
    }

    public String applicationId() {
        return applicationId;
    }

    public EnrichConfig config() {
        return config;
    }

    public Taxonomy taxonomy() {
        return taxonomy;
    }

    /** Stream threads this instance runs now. */
    public int streamThreads() {
        return streams.metadataForLocalThreads().size();
    }

    /**
     * Whether records wait for a model answer in this instance's pending store; true as well while the store cannot
     * be queried (not running, rebalancing), since nothing can be said to be finished then.
     */
    /** Records the local tasks hold in their pending stores (in a model call, waiting for a slot or a retry). */
    public long pendingRecords() {
        long count = 0;
        try (KeyValueIterator<String, byte[]> all = pendingStore().all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    private ReadOnlyKeyValueStore<String, byte[]> pendingStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(
                EnrichTopology.PENDING_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }

    public boolean hasPendingRecords() {
        try {
            try (KeyValueIterator<String, byte[]> all = pendingStore().all()) {
                return all.hasNext();
            }
        } catch (InvalidStateStoreException e) {
            LOG.debug("pending store of {} not queryable yet: {}", applicationId, e.getMessage());
            return true;
        }
    }

    /**
     * Closes Streams, waiting at most {@code timeout} (closing commits the open transaction), then the analyzer.
     * {@code leaveGroup} makes the consumer leave its group at once, so its partitions go to the other instances (or
     * to this application's next start) now instead of after {@code session.timeout.ms}; keep the membership only
     * where an instance comes back under the same static member id. Safe to call more than once.
     *
     * @return whether Streams stopped within the timeout
     */
    public boolean close(Duration timeout, boolean leaveGroup) {
        boolean stopped;
        try {
            stopped = streams.close(CloseOptions.timeout(timeout)
                    .withGroupMembershipOperation(
                            leaveGroup
                                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                                    : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        } finally {
            // After Streams: a stream thread still closing may still hand a record to the model.
            if (analyzerClosed.compareAndSet(false, true)) {
                admission.close();
                analyzer.close();
            }
        }
        if (stopped) {
            localState.release();
        } else {
            LOG.warn("enrich application {}: Streams did not stop within {}", applicationId, timeout);
        }
        return stopped;
    }

    /** {@link #close(Duration, boolean)} with {@link #DEFAULT_CLOSE_TIMEOUT}, leaving the group. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT, true);
    }
}

package io.recordflow.app.replay;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.metrics.EnrichMetrics;
import io.recordflow.enrich.metrics.MeteredAnalyzer;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.topology.EnrichTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
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
 * Runs the enrich topology as a fresh Streams application over a replay range: sets the application's consumer
 * group to the range start, starts it with the range end as stop offsets, waits until the group has committed past
 * the last record of every partition and no model call is pending, then closes it and reports what it produced.
 */
public final class ReplayRun {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayRun.class);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(250);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ClientConfig client;
    private final String applicationId;
    private final Path stateDir;
    private final ReplayTargets targets;

    public ReplayRun(ClientConfig client, String applicationId, Path stateDir, ReplayTargets targets) {
        this.client = client;
        this.applicationId = applicationId;
        this.stateDir = stateDir;
        this.targets = targets;
    }

    /** Told while the replay runs: records finished (committed and no longer pending) out of the total. */
    @FunctionalInterface
    public interface Listener {
        void update(long enriched, long deadLettered, long total);
    }

    /** What the replay produced, from the application's own producer metrics and the analyzer. */
    public record Summary(long records, long enriched, long review, long deadLettered, long auditEvents, long modelCalls,
                          Duration elapsed) {
    }

    /**
     * Replays {@code range} with {@code config} (output topics, precedence and stop offsets are set here from the
     * targets and range) and returns once every record of {@code scan} is processed.
     */
    public Summary run(Map<String, Object> enrichSettings, Taxonomy taxonomy, Analyzer analyzer, ReplayRange range,
                       ReplayScan.Result scan, Listener listener) throws InterruptedException {
        long startedAt = System.nanoTime();
        Map<String, Object> settings = new HashMap<>(enrichSettings);
        settings.putAll(targets.enrichSettings());
        settings.put(EnrichConfig.INPUT_STOP_OFFSETS, range.stopOffsetsSetting());
        EnrichConfig config = new EnrichConfig(settings);
        EnrichMetrics metrics = new EnrichMetrics();
        MeteredAnalyzer metered = new MeteredAnalyzer(analyzer, metrics);
        try (Admin admin = Admin.create(client.kafkaProperties())) {
            positionGroup(admin, range);
            KafkaStreams streams = new KafkaStreams(EnrichTopology.build(config, taxonomy, metered, client.serdeConfig()),
                    streamsProperties());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            streams.setUncaughtExceptionHandler(e -> {
                failure.set(e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            Thread hook = new Thread(() -> streams.close(CLOSE_TIMEOUT), "recordflow-replay-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                streams.start();
                OutputWait outputWait = new OutputWait();
                while (!finished(admin, streams, range, scan) || !outputsCounted(streams, scan, outputWait)) {
                    if (failure.get() != null || streams.state() == KafkaStreams.State.ERROR
                            || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                        Throwable cause = failure.get();
                        throw new KafkaException("replay application " + applicationId + " stopped: "
                                + (cause == null ? streams.state() : cause.getMessage()), cause);
                    }
                    listener.update(produced(streams, targets.enriched()), produced(streams, targets.dlq()), scan.total());
                    Thread.sleep(CHECK_INTERVAL.toMillis());
                }
                // Closing commits the open transaction: only then are the last outputs visible to read_committed readers.
                Summary summary = new Summary(scan.total(), produced(streams, targets.enriched()), produced(streams, targets.review()),
                        produced(streams, targets.dlq()), produced(streams, targets.audit()), metrics.snapshot().finishedCalls(),
                        Duration.ofNanos(System.nanoTime() - startedAt));
                listener.update(summary.enriched(), summary.deadLettered(), scan.total());
                if (!streams.close(CLOSE_TIMEOUT)) {
                    throw new KafkaException("replay application " + applicationId + " did not close within " + CLOSE_TIMEOUT);
                }
                return summary;
            } finally {
                streams.close(CLOSE_TIMEOUT);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    LOG.debug("JVM is shutting down; the hook closes the replay");
                }
            }
        }
    }

    private Properties streamsProperties() {
        Properties props = new Properties();
        props.putAll(client.kafkaProperties());
        props.putAll(EnrichTopology.streamsProperties(applicationId, client.bootstrapServers()));
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId);
        return props;
    }

    /** The fresh application's group starts at the range start on every partition. */
    private void positionGroup(Admin admin, ReplayRange range) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        range.partitions().forEach((p, span) -> offsets.put(new TopicPartition(range.topic(), p), new OffsetAndMetadata(span.start())));
        try {
            Map<TopicPartition, OffsetAndMetadata> existing = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            if (existing != null && !existing.isEmpty()) {
                throw new IllegalArgumentException("consumer group " + applicationId + " already has committed offsets; "
                        + "a replay needs a fresh application id");
            }
            admin.alterConsumerGroupOffsets(applicationId, offsets).all().get();
        } catch (ExecutionException e) {
            throw new KafkaException("cannot set the offsets of group " + applicationId + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** True when the group committed past the last record of every partition and no model call is pending. */
    private boolean finished(Admin admin, KafkaStreams streams, ReplayRange range, ReplayScan.Result scan)
            throws InterruptedException {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        } catch (ExecutionException e) {
            LOG.debug("cannot read the offsets of {} yet: {}", applicationId, e.getCause().getMessage());
            return false;
        }
        for (Map.Entry<Integer, Long> last : scan.lastOffsets().entrySet()) {
            if (last.getValue() < 0) {
                continue;
            }
            OffsetAndMetadata offset = committed.get(new TopicPartition(range.topic(), last.getKey()));
            if (offset == null || offset.offset() <= last.getValue()) {
                return false;
            }
        }
        return nothingPending(streams);
    }

    /**
     * True once every record in range shows as produced, to the enriched or the dead-letter topic (each record goes to
     * exactly one): Streams counts a record as produced when the broker acknowledged it, which can come after the
     * input offsets were committed and the pending store emptied. The review and audit counts, acknowledged in the
     * same batches, must also have held still since the previous check. Gives up waiting after {@link #CLOSE_TIMEOUT}.
     */
    private boolean outputsCounted(KafkaStreams streams, ReplayScan.Result scan, OutputWait wait) {
        long outputs = produced(streams, targets.enriched()) + produced(streams, targets.dlq());
        long all = outputs + produced(streams, targets.review()) + produced(streams, targets.audit());
        boolean still = all == wait.lastCount;
        wait.lastCount = all;
        if (outputs >= scan.total() && still) {
            return true;
        }
        long now = System.nanoTime();
        if (wait.since == 0) {
            wait.since = now;
        }
        if (now - wait.since > CLOSE_TIMEOUT.toNanos()) {
            LOG.warn("replay {}: {} output(s) counted for {} record(s) after {}; reporting the counts as they are",
                    applicationId, outputs, scan.total(), CLOSE_TIMEOUT);
            return true;
        }
        return false;
    }

    /** What {@link #outputsCounted} remembers between checks. */
    private static final class OutputWait {
        /** When the input was first seen fully processed (System.nanoTime), 0 before. */
        long since;
        /** All outputs counted at the previous check. */
        long lastCount = -1;
    }

    private static boolean nothingPending(KafkaStreams streams) {
        try {
            ReadOnlyKeyValueStore<String, byte[]> pending = streams.store(StoreQueryParameters.fromNameAndType(
                    EnrichTopology.PENDING_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            try (KeyValueIterator<String, byte[]> all = pending.all()) {
                return !all.hasNext();
            }
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }

    /** Records the application produced to {@code topic} (Streams' topic-level metrics). */
    static long produced(KafkaStreams streams, String topic) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            if ("stream-topic-metrics".equals(name.group()) && "records-produced-total".equals(name.name())
                    && topic.equals(name.tags().get("topic")) && e.getValue().metricValue() instanceof Number n) {
                total += n.doubleValue();
            }
        }
        return (long) total;
    }
}

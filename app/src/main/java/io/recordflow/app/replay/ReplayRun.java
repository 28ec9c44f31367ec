package io.recordflow.app.replay;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LlmException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
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
    public record Summary(
            long records,
            long enriched,
            long review,
            long deadLettered,
            long auditEvents,
            long modelCalls,
            Duration elapsed) {}

    /**
     * Replays {@code range} with {@code enrichSettings} (output topics, precedence and stop offsets are set here from the
     * targets and range) and returns once every record of {@code scan} is processed.
     */
    public Summary run(Map<String, Object> enrichSettings, ReplayRange range, ReplayScan.Result scan, Listener listener)
            throws InterruptedException {
        long startedAt = System.nanoTime();
        Map<String, Object> settings = new HashMap<>(enrichSettings);
        settings.putAll(targets.enrichSettings());
        settings.put(EnrichConfig.INPUT_STOP_OFFSETS, range.stopOffsetsSetting());
        EnrichConfig config = new EnrichConfig(settings);
        try (Admin admin = Admin.create(client.kafkaProperties())) {
            positionGroup(admin, range);
            EnrichApp app = app(config);
            // The replay's application is finished for good when it closes: leave the group rather than linger in it.
            Thread hook = new Thread(() -> app.close(CLOSE_TIMEOUT, true), "recordflow-replay-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                app.start();
                OutputWait outputWait = new OutputWait();
                while (!finished(admin, app, range, scan) || !outputsCounted(app, scan, outputWait)) {
                    Throwable failure = app.failure().getNow(null);
                    if (failure != null || app.state() == KafkaStreams.State.NOT_RUNNING) {
                        throw new KafkaException(
                                "replay application " + applicationId + " stopped: "
                                        + (failure == null ? app.state() : failure.getMessage()),
                                failure);
                    }
                    listener.update(produced(app, targets.enriched()), produced(app, targets.dlq()), scan.total());
                    Thread.sleep(CHECK_INTERVAL.toMillis());
                }
                // Closing commits the open transaction: only then are the last outputs visible to read_committed
                // readers.
                Summary summary = new Summary(
                        scan.total(),
                        produced(app, targets.enriched()),
                        produced(app, targets.review()),
                        produced(app, targets.dlq()),
                        produced(app, targets.audit()),
                        app.modelMetrics().snapshot().finishedCalls(),
                        Duration.ofNanos(System.nanoTime() - startedAt));
                listener.update(summary.enriched(), summary.deadLettered(), scan.total());
                if (!app.close(CLOSE_TIMEOUT, true)) {
                    throw new KafkaException(
                            "replay application " + applicationId + " did not close within " + CLOSE_TIMEOUT);
                }
                return summary;
            } finally {
                app.close(CLOSE_TIMEOUT, true);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    LOG.debug("JVM is shutting down; the hook closes the replay");
                }
            }
        }
    }

    private EnrichApp app(EnrichConfig config) {
        Map<String, Object> props = new HashMap<>(client.kafkaProperties());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId);
        try {
            return EnrichApp.builder(config, applicationId, client.bootstrapServers())
                    .streamsConfig(props)
                    .serdeConfig(client.serdeConfig())
                    .build();
        } catch (LlmException e) {
            throw new KafkaException(
                    "cannot start the " + config.provider() + " model " + config.model() + ": " + e.getMessage(), e);
        }
    }

    /** The fresh application's group starts at the range start on every partition. */
    private void positionGroup(Admin admin, ReplayRange range) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        range.partitions()
                .forEach((p, span) ->
                        offsets.put(new TopicPartition(range.topic(), p), new OffsetAndMetadata(span.start())));
        try {
            Map<TopicPartition, OffsetAndMetadata> existing = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            if (existing != null && !existing.isEmpty()) {
                throw new IllegalArgumentException("consumer group " + applicationId
                        + " already has committed offsets; " + "a replay needs a fresh application id");
            }
            admin.alterConsumerGroupOffsets(applicationId, offsets).all().get();
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "cannot set the offsets of group " + applicationId + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** True when the group committed past the last record of every partition and no model call is pending. */
    private boolean finished(Admin admin, EnrichApp app, ReplayRange range, ReplayScan.Result scan)
            throws InterruptedException {
        if (app.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (ExecutionException e) {
            LOG.debug(
                    "cannot read the offsets of {} yet: {}",
                    applicationId,
                    e.getCause().getMessage());
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
        return !app.hasPendingRecords();
    }

    /**
     * True once every record in range shows as produced, to the enriched or the dead-letter topic (each record goes to
     * exactly one): Streams counts a record as produced when the broker acknowledged it, which can come after the
     * input offsets were committed and the pending store emptied. The review and audit counts, acknowledged in the
     * same batches, must also have held still since the previous check. Gives up waiting after {@link #CLOSE_TIMEOUT}.
     */
    private boolean outputsCounted(EnrichApp app, ReplayScan.Result scan, OutputWait wait) {
        long outputs = produced(app, targets.enriched()) + produced(app, targets.dlq());
        long all = outputs + produced(app, targets.review()) + produced(app, targets.audit());
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
            LOG.warn(
                    "replay {}: {} output(s) counted for {} record(s) after {}; reporting the counts as they are",
                    applicationId,
                    outputs,
                    scan.total(),
                    CLOSE_TIMEOUT);
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

    /** Records the application produced to {@code topic} (Streams' topic-level metrics). */
    static long produced(EnrichApp app, String topic) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : app.metrics().entrySet()) {
            MetricName name = e.getKey();
            if ("stream-topic-metrics".equals(name.group())
                    && "records-produced-total".equals(name.name())
                    && topic.equals(name.tags().get("topic"))
                    && e.getValue().metricValue() instanceof Number n) {
                total += n.doubleValue();
            }
        }
        return (long) total;
    }
}

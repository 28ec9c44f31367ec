package io.recordflow.app.soak;

import io.recordflow.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches the pipeline's progress while the soak runs: the distinct record ids committed on the ingested, enriched and
 * dead-letter topics ({@code read_committed}, without a consumer group), sampled four times a second into a time series
 * from which throughput windows and the recovery after an outage are read. The final books are read afresh, not from
 * here.
 */
final class SoakProgress implements AutoCloseable {

    /** One sample: milliseconds since the soak started, ids ingested, ids enriched or dead-lettered, ids open. */
    record Sample(long atMs, int ingested, int processed, int backlog) {}

    /** Records enriched or dead-lettered per second over {@code seconds}, the part of a window with a backlog. */
    record Rate(double perSecond, double seconds) {}

    /**
     * Fewer records waiting than this and a throughput window measures stragglers (a record waiting for a retry, the
     * last transaction), not throughput.
     */
    static final int MEASURABLE_BACKLOG = 20;

    private static final long SAMPLE_MS = 250;

    private final KafkaConsumer<String, byte[]> consumer;
    private final long startNanos;
    private final Set<String> ingested = new HashSet<>();
    private final Set<String> processed = new HashSet<>();
    private final Set<String> enriched = new HashSet<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    SoakProgress(String bootstrapServers, long startNanos) {
        this.startNanos = startNanos;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        IsolationLevel.READ_COMMITTED.toString(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "recordflow-soak-progress"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "soak-progress");
        this.thread.setDaemon(true);
    }

    SoakProgress start() {
        thread.start();
        return this;
    }

    private void run() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.INGESTED.name(), Topics.ENRICHED.name(), Topics.DLQ.name())) {
            consumer.partitionsFor(topic, Duration.ofMinutes(2))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long nextSample = 0;
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    synchronized (this) {
                        if (record.topic().equals(Topics.INGESTED.name())) {
                            ingested.add(record.key());
                        } else {
                            processed.add(record.key());
                            if (record.topic().equals(Topics.ENRICHED.name())) {
                                enriched.add(record.key());
                            }
                        }
                    }
                }
                long now = elapsedMs();
                if (now >= nextSample) {
                    synchronized (this) {
                        samples.add(new Sample(now, ingested.size(), processed.size(), backlog()));
                    }
                    nextSample = now + SAMPLE_MS;
                }
            }
        } catch (WakeupException e) {
            // close() stops the loop this way
        } finally {
            consumer.close();
        }
    }

    long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    synchronized int ingested() {
        return ingested.size();
    }

    synchronized int processed() {
        return processed.size();
    }

    synchronized int enriched() {
        return enriched.size();
    }

    /** Ingested ids not yet enriched nor dead-lettered. */
    synchronized int backlog() {
        Set<String> open = new HashSet<>(ingested);
        open.removeAll(processed);
        return open.size();
    }

    /**
     * Records enriched or dead-lettered per second from {@code fromMs} until {@code toMs} or the first sample with less
     * than {@link #MEASURABLE_BACKLOG} waiting, whichever comes first: once the backlog is gone, a window measures the
     * feed, not enrichment.
     */
    synchronized Rate rateWhileBacklog(long fromMs, long toMs) {
        Sample from = at(fromMs);
        Sample to = from;
        for (Sample s : samples) {
            if (s.atMs() <= from.atMs()) {
                continue;
            }
            if (s.atMs() > toMs) {
                break;
            }
            to = s;
            if (s.backlog() < MEASURABLE_BACKLOG) {
                break;
            }
        }
        long ms = to.atMs() - from.atMs();
        return new Rate(ms == 0 ? 0 : (to.processed() - from.processed()) * 1000.0 / ms, ms / 1000.0);
    }

    /** The first moment at or after {@code fromMs} at which the processed count rose above its value then; -1 if never. */
    synchronized long firstProgressAfter(long fromMs) {
        int base = at(fromMs).processed();
        return samples.stream()
                .filter(s -> s.atMs() >= fromMs && s.processed() > base)
                .mapToLong(Sample::atMs)
                .findFirst()
                .orElse(-1);
    }

    /**
     * The first moment after {@code fromMs} at which throughput is back: the records processed in the {@code trailingMs}
     * before it reach {@code perSecond}, or every record ingested so far is processed; -1 if not yet.
     */
    synchronized long rateBackAfter(long fromMs, double perSecond, long trailingMs) {
        int base = at(fromMs).processed();
        for (Sample s : samples) {
            if (s.atMs() <= fromMs || s.processed() == base) {
                continue;
            }
            Sample before = at(Math.max(fromMs, s.atMs() - trailingMs));
            double rate = s.atMs() == before.atMs()
                    ? 0
                    : (s.processed() - before.processed()) * 1000.0 / (s.atMs() - before.atMs());
            if (s.backlog() == 0 || (s.atMs() - before.atMs() >= trailingMs && rate >= perSecond)) {
                return s.atMs();
            }
        }
        return -1;
    }

    private Sample at(long ms) {
        Sample last = samples.isEmpty() ? new Sample(0, 0, 0, 0) : samples.get(0);
        for (Sample s : samples) {
            if (s.atMs() > ms) {
                break;
            }
            last = s;
        }
        return last;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}

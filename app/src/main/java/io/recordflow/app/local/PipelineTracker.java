package io.recordflow.app.local;

import io.recordflow.app.kafka.RecordLag;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.EnrichmentVersion;
import io.recordflow.records.Stage;
import io.recordflow.topics.SinkDeadLetterTopic;
import io.recordflow.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the local pipeline's topics as a committed-read consumer and tells how far each stage got: which records
 * were ingested, which have an enrichment or an enrich dead letter, how many need review, how many the sink
 * connectors dead-lettered, and whether each sink connector has committed everything on {@code records.enriched.v1}.
 */
public final class PipelineTracker implements AutoCloseable {

    private static final List<String> TOPICS = Stream.concat(
                    Stream.of(Topics.INGESTED.name(), Topics.ENRICHED.name(), Topics.DLQ.name()),
                    Topics.sinkDeadLetters().stream().map(SinkDeadLetterTopic::name))
            .toList();
    private static final Set<String> SINK_DEAD_LETTER_TOPICS =
            Topics.sinkDeadLetters().stream().map(SinkDeadLetterTopic::name).collect(Collectors.toSet());

    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;
    private final Deserializer<DeadLetter> deadLetters;
    private final Deserializer<EnrichedRecord> enrichments;
    private final Map<String, EnrichedRecord> latestSinceCatchUp = new LinkedHashMap<>();
    private boolean caughtUp;
    private final Set<String> ingested = new HashSet<>();
    /** Per enriched record, the version of its latest enrichment so far. */
    private final Map<String, EnrichmentVersion> enriched = new HashMap<>();

    private final Set<String> inReview = new HashSet<>();
    private final Set<String> enrichDeadLetters = new HashSet<>();
    private final Map<Stage, Integer> deadLettersByStage = new EnumMap<>(Stage.class);
    /** Per sink dead-letter topic, the records the sink connector could not deliver (raw bytes, key = recordId). */
    private final Map<String, Integer> sinkDeadLetters = new TreeMap<>();

    private final List<TopicPartition> enrichedPartitions = new ArrayList<>();
    private final RecordLag recordLag;

    /** Starts following the topics of the broker at {@code bootstrapServers} from their beginning. */
    public PipelineTracker(String bootstrapServers, Map<String, ?> serdeConfig) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        recordLag = new RecordLag(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        deadLetters = Topics.DLQ.valueSerde(serdeConfig).deserializer();
        enrichments = Topics.ENRICHED.valueSerde(serdeConfig).deserializer();
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        partitions.stream()
                .filter(p -> p.topic().equals(Topics.ENRICHED.name()))
                .forEach(enrichedPartitions::add);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads everything already committed on the topics, so totals from earlier runs are known before new work. */
    public Progress catchUp(List<String> connectors) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            consumer.poll(Duration.ofMillis(200)).forEach(this::take);
        }
        caughtUp = true;
        return poll(Duration.ZERO, connectors);
    }

    /** Record ids read from the ingest topic so far (all runs); a live view owned by the calling thread. */
    public Set<String> ingestedIds() {
        return Collections.unmodifiableSet(ingested);
    }

    /** The latest enrichment of each record enriched after {@link #catchUp}, in arrival order. */
    public List<EnrichedRecord> enrichedSinceCatchUp() {
        return List.copyOf(latestSinceCatchUp.values());
    }

    /** Reads what arrived since the last call (waiting at most {@code wait}) and returns the totals so far. */
    public Progress poll(Duration wait, List<String> connectors) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            take(r);
        }
        // One request for the end offsets of every followed partition serves the sinks' lag and the unread count.
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        Map<String, Long> sinkLag = new HashMap<>();
        for (String connector : connectors) {
            sinkLag.put(connector, lag("connect-" + connector, ends));
        }
        return new Progress(
                ingested.size(),
                enriched.size(),
                inReview.size(),
                Map.copyOf(deadLettersByStage),
                ingested.stream()
                        .filter(id -> !enriched.containsKey(id) && !enrichDeadLetters.contains(id))
                        .count(),
                Map.copyOf(sinkLag),
                Collections.unmodifiableMap(new TreeMap<>(sinkDeadLetters)),
                unread(ends));
    }

    /**
     * Committed records on the followed topics that this tracker has not read yet. What was read so far says nothing
     * of what is still to come: one poll returns at most max.poll.records, possibly all from one topic.
     */
    private long unread(Map<TopicPartition, Long> ends) {
        long unread = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            unread += Math.max(0, end.getValue() - consumer.position(end.getKey()));
        }
        return unread;
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        if (r.topic().equals(Topics.INGESTED.name())) {
            ingested.add(r.key());
        } else if (r.topic().equals(Topics.ENRICHED.name())) {
            takeEnrichment(r);
        } else if (SINK_DEAD_LETTER_TOPICS.contains(r.topic())) {
            // Connect's dead letters are the raw bytes the sink consumed, not guaranteed to decode: count them.
            sinkDeadLetters.merge(r.topic(), 1, Integer::sum);
        } else {
            DeadLetter letter = deadLetters.deserialize(r.topic(), r.headers(), r.value());
            deadLettersByStage.merge(letter.getStage(), 1, Integer::sum);
            if (letter.getStage() == Stage.ENRICH && letter.getRecordId() != null) {
                enrichDeadLetters.add(letter.getRecordId());
            }
        }
    }

    /**
     * The latest enrichment of a record (by {@link EnrichmentVersion}'s rule, as the sinks keep it) decides whether it
     * waits for review: a human decision clears it, a late older enrichment changes nothing.
     */
    private void takeEnrichment(ConsumerRecord<String, byte[]> r) {
        EnrichedRecord enrichment = enrichments.deserialize(r.topic(), r.headers(), r.value());
        EnrichmentVersion version = EnrichmentVersion.of(enrichment);
        EnrichmentVersion stored = enriched.get(r.key());
        if (stored != null && !version.replaces(stored)) {
            return;
        }
        enriched.put(r.key(), version);
        if (enrichment.getNeedsReview()) {
            inReview.add(r.key());
        } else {
            inReview.remove(r.key());
        }
        if (caughtUp) {
            latestSinceCatchUp.put(r.key(), enrichment);
        }
    }

    /**
     * The committed lag ({@link RecordLag}) of the connector's group on {@code records.enriched.v1}, up to the last
     * committed offset (this tracker reads committed); a partition the group never committed counts from offset 0.
     */
    private long lag(String group, Map<TopicPartition, Long> ends) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, Long> done = new HashMap<>();
            enrichedPartitions.forEach(tp -> done.put(
                    tp, committed.get(tp) == null ? 0L : committed.get(tp).offset()));
            Map<TopicPartition, Long> enrichedEnds = new HashMap<>();
            enrichedPartitions.forEach(tp -> enrichedEnds.put(tp, ends.get(tp)));
            return recordLag.total(done, enrichedEnds);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the offsets of consumer group " + group + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of " + group, e);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
        recordLag.close();
        deadLetters.close();
        enrichments.close();
    }

    /**
     * Totals across all runs kept in the data folder.
     *
     * @param waitingForEnrich ingested records with neither an enrichment nor an enrich dead letter yet
     * @param sinkLag          per connector, enriched records not yet committed by it
     * @param sinkDeadLetters  per sink dead-letter topic, records the sink connector could not deliver
     * @param unread           offsets of the followed topics, up to their committed end, not read yet
     */
    public record Progress(
            int ingested,
            int enriched,
            int inReview,
            Map<Stage, Integer> deadLetters,
            long waitingForEnrich,
            Map<String, Long> sinkLag,
            Map<String, Integer> sinkDeadLetters,
            long unread) {

        /** Records dead-lettered by any sink connector. */
        public int sinkDeadLettered() {
            return sinkDeadLetters.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Dead letters of every stage. */
        public int deadLettered() {
            return deadLetters.values().stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * True when the tracker has read every committed record of its topics, every ingested record among them was
         * enriched or dead-lettered, and every sink committed all of them.
         */
        public boolean settled() {
            return unread == 0
                    && waitingForEnrich == 0
                    && sinkLag.values().stream().allMatch(lag -> lag == 0);
        }

        /** One status line. */
        public String line() {
            StringBuilder s = new StringBuilder()
                    .append("ingested ")
                    .append(ingested)
                    .append(" | enriched ")
                    .append(enriched)
                    .append(" | in review ")
                    .append(inReview)
                    .append(" | dead-lettered ")
                    .append(deadLettered());
            if (sinkDeadLettered() > 0) {
                s.append(" | sink dead-lettered ").append(sinkDeadLettered());
            }
            sinkLag.forEach((connector, lag) ->
                    s.append(" | ").append(connector).append(" lag ").append(lag));
            return s.toString();
        }
    }
}

package io.recordflow.app.status;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.kafka.RecordLag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Topic sizes and consumer-group lag of a RecordFlow cluster, read through the Admin API: partitions and offsets of
 * the pipeline topics, and the lag of every group that consumes a {@code records.*} topic, labelled by stage.
 */
public final class ClusterStatus implements AutoCloseable {

    /** Prefix of the pipeline topics whose consumers are reported. */
    public static final String PIPELINE_TOPIC_PREFIX = "records.";
    /** Prefix Kafka Connect gives sink connector groups. */
    public static final String CONNECT_GROUP_PREFIX = "connect-";

    private final Admin admin;
    private final ClientConfig config;
    private final RecordLag recordLag;

    public ClusterStatus(ClientConfig config) {
        this.config = config;
        this.admin = Admin.create(new HashMap<>(config.kafkaProperties()));
        this.recordLag = new RecordLag(config.kafkaProperties());
    }

    /** A topic's size; {@code partitions == 0} when the topic does not exist. */
    public record TopicInfo(String name, int partitions, long startOffsets, long endOffsets) {
        public boolean exists() {
            return partitions > 0;
        }

        /** Records retained (end minus start offsets; transaction markers included). */
        public long retained() {
            return endOffsets - startOffsets;
        }
    }

    /** One group's lag on one topic. */
    public record GroupLag(String group, String stage, String topic, int partitions, long lag) {}

    public List<TopicInfo> topics(List<String> names) {
        Map<String, KafkaFuture<TopicDescription>> futures =
                admin.describeTopics(names).topicNameValues();
        List<TopicInfo> infos = new ArrayList<>();
        for (String name : names) {
            Optional<TopicDescription> description = describe(futures.get(name));
            if (description.isEmpty()) {
                infos.add(new TopicInfo(name, 0, 0, 0));
                continue;
            }
            List<TopicPartition> partitions = description.get().partitions().stream()
                    .map(p -> new TopicPartition(name, p.partition()))
                    .toList();
            infos.add(new TopicInfo(
                    name,
                    partitions.size(),
                    sum(offsets(partitions, OffsetSpec.earliest())),
                    sum(offsets(partitions, OffsetSpec.latest()))));
        }
        return infos;
    }

    /** Lag per group and pipeline topic, for every group with committed offsets on a {@code records.*} topic. */
    public List<GroupLag> lag() {
        List<GroupLag> lags = new ArrayList<>();
        for (GroupListing group : get(admin.listGroups().all(), "list consumer groups")) {
            Map<TopicPartition, Long> committed = committed(group).entrySet().stream()
                    .filter(e -> e.getKey().topic().startsWith(PIPELINE_TOPIC_PREFIX) && e.getValue() != null)
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
            if (committed.isEmpty()) {
                continue;
            }
            Map<TopicPartition, Long> lag = recordLag.of(committed, offsets(committed.keySet(), OffsetSpec.latest()));
            Map<String, List<TopicPartition>> byTopic = committed.keySet().stream()
                    .collect(Collectors.groupingBy(TopicPartition::topic, TreeMap::new, Collectors.toList()));
            byTopic.forEach((topic, partitions) -> lags.add(new GroupLag(
                    group.groupId(),
                    stage(group.groupId()),
                    topic,
                    partitions.size(),
                    partitions.stream().mapToLong(lag::get).sum())));
        }
        lags.sort((a, b) -> a.group().equals(b.group())
                ? a.topic().compareTo(b.topic())
                : a.group().compareTo(b.group()));
        return lags;
    }

    /** The pipeline stage a group belongs to, from its id. */
    String stage(String groupId) {
        if (groupId.equals(config.applicationId())) {
            return "enrich";
        }
        if (groupId.startsWith(CONNECT_GROUP_PREFIX)) {
            return "sink " + groupId.substring(CONNECT_GROUP_PREFIX.length());
        }
        return "other";
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(GroupListing group) {
        Optional<GroupType> type = group.type();
        if (type.isPresent() && type.get() == GroupType.SHARE) {
            return Map.of(); // share groups have no committed offsets
        }
        if (type.isPresent() && type.get() == GroupType.STREAMS) {
            return get(
                    admin.listStreamsGroupOffsets(Map.of(group.groupId(), new ListStreamsGroupOffsetsSpec()))
                            .partitionsToOffsetAndMetadata(group.groupId()),
                    "read offsets of group " + group.groupId());
        }
        return get(
                admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata(),
                "read offsets of group " + group.groupId());
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        get(admin.listOffsets(request).all(), "list offsets").forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private Optional<TopicDescription> describe(KafkaFuture<TopicDescription> future) {
        try {
            return Optional.of(future.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new KafkaException("cannot describe topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted", e);
        }
    }

    private static <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new KafkaException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while trying to " + what, e);
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        recordLag.close();
        admin.close();
    }
}

package io.recordflow.embedded.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates topics on the embedded node and waits until every partition has a leader, so clients can use them at once. */
final class TopicAdmin implements AutoCloseable {

    private static final short REPLICATION_FACTOR = 1;
    private static final long LEADER_POLL_MILLIS = 20;

    private final Admin admin;
    private final Duration timeout;

    TopicAdmin(Map<String, Object> adminProperties, Duration timeout) {
        this.admin = Admin.create(adminProperties);
        this.timeout = timeout;
    }

    /** Fails with a clear error when the node does not answer metadata requests within the timeout. */
    void awaitNodeReady() {
        int nodes = get(admin.describeCluster().nodes(), "describe the cluster").size();
        if (nodes != 1) {
            throw new EmbeddedKafkaException("Expected one live Kafka node but the cluster reports " + nodes);
        }
    }

    /** Creates the topic; returns false when it exists already and {@code mustBeNew} is false. */
    boolean create(String name, int partitions, Map<String, String> configs, boolean mustBeNew) {
        NewTopic topic = new NewTopic(name, partitions, REPLICATION_FACTOR).configs(configs);
        try {
            get(
                    admin.createTopics(List.of(topic)).all(),
                    "create topic '" + name + "' with " + partitions + " partitions and configs " + configs);
        } catch (EmbeddedKafkaException e) {
            if (e.getCause() instanceof TopicExistsException && !mustBeNew) {
                return false;
            }
            throw e;
        }
        awaitLeaders(name);
        return true;
    }

    // The controller acknowledges creation before the broker's metadata cache has the new partitions.
    private void awaitLeaders(String name) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasAllLeaders(name)) {
            if (System.nanoTime() > deadline) {
                throw new EmbeddedKafkaException(
                        "Topic '" + name + "' has partitions without a leader after " + timeout);
            }
            try {
                Thread.sleep(LEADER_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedKafkaException("Interrupted while waiting for leaders of topic '" + name + "'", e);
            }
        }
    }

    private boolean hasAllLeaders(String name) {
        try {
            TopicDescription description = get(
                            admin.describeTopics(Set.of(name)).allTopicNames(), "describe topic '" + name + "'")
                    .get(name);
            return description.partitions().stream()
                    .map(TopicPartitionInfo::leader)
                    .allMatch(leader -> leader != null);
        } catch (EmbeddedKafkaException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EmbeddedKafkaException(
                    "Could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("Could not " + what + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while trying to " + what, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}

package io.recordflow.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordflow.embedded.registry.RegistryEvent.ConfigChange;
import io.recordflow.embedded.registry.RegistryEvent.SchemaVersion;
import io.recordflow.registry.CompatibilityLevel;
import io.recordflow.registry.RegistryErrors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores registry events in a compacted single-partition Kafka topic with Confluent's key/value
 * JSON layout ({@code {"keytype":"SCHEMA","subject":..,"version":..}} and
 * {@code {"keytype":"CONFIG","subject":..}}), written with {@code acks=all}. Unknown key types
 * (e.g. Confluent's NOOP or MODE) are skipped on replay.
 */
final class KafkaSchemaLog implements SchemaLog {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;
    private final KafkaProducer<String, String> producer;

    KafkaSchemaLog(String bootstrapServers, String topic, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.timeout = timeout;
        ensureTopic();
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        timeout.toMillis(),
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "recordflow-schema-registry-" + topic),
                new StringSerializer(),
                new StringSerializer());
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis()))) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("Created schema topic {} (compacted, 1 partition)", topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                verifyExistingTopic(admin);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Cannot create schema topic '" + topic + "' on " + bootstrapServers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating schema topic '" + topic + "'", e);
        }
    }

    /** A schema topic that is not compacted or has several partitions would lose or reorder schemas. */
    private void verifyExistingTopic(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (description.partitions().size() != 1 || !TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
            throw new IllegalStateException(
                    "Schema topic '" + topic + "' must have 1 partition and cleanup.policy=compact, " + "but has "
                            + description.partitions().size() + " partition(s) and cleanup.policy=" + policy);
        }
    }

    @Override
    public void replay(Consumer<RegistryEvent> sink) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "recordflow-schema-registry-replay-" + topic),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            int count = 0;
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out replaying schema topic '" + topic + "' at offset "
                            + consumer.position(partition) + " of " + end);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    decode(record).ifPresent(sink);
                    count++;
                }
            }
            LOG.info("Replayed {} record(s) of schema topic {}", count, topic);
        }
    }

    @Override
    public void append(RegistryEvent event) {
        ProducerRecord<String, String> record = encode(event);
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RegistryException(
                    500,
                    RegistryErrors.STORE_ERROR,
                    "Error while storing to schema topic '" + topic + "': " + cause,
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(
                    500, RegistryErrors.STORE_ERROR, "Interrupted while storing to '" + topic + "'", e);
        }
    }

    private ProducerRecord<String, String> encode(RegistryEvent event) {
        ObjectNode key = JSON.createObjectNode();
        if (event instanceof SchemaVersion v) {
            key.put("keytype", "SCHEMA")
                    .put("subject", v.subject())
                    .put("version", v.version())
                    .put("magic", 1);
            ObjectNode value = JSON.createObjectNode()
                    .put("subject", v.subject())
                    .put("version", v.version())
                    .put("id", v.id())
                    .put("schema", v.schema())
                    .put("deleted", v.deleted());
            return new ProducerRecord<>(topic, 0, key.toString(), value.toString());
        }
        ConfigChange c = (ConfigChange) event;
        key.put("keytype", "CONFIG").put("subject", c.subject()).put("magic", 0);
        String value = c.level() == null
                ? null
                : JSON.createObjectNode()
                        .put("compatibilityLevel", c.level().name())
                        .toString();
        return new ProducerRecord<>(topic, 0, key.toString(), value);
    }

    private Optional<RegistryEvent> decode(ConsumerRecord<String, String> record) {
        try {
            JsonNode key = JSON.readTree(record.key());
            JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
            String type = key.path("keytype").asText();
            String subject =
                    key.path("subject").isTextual() ? key.get("subject").asText() : null;
            if ("SCHEMA".equals(type) && value != null) {
                return Optional.of(new SchemaVersion(
                        value.get("subject").asText(),
                        value.get("version").asInt(),
                        value.get("id").asInt(),
                        value.get("schema").asText(),
                        value.path("deleted").asBoolean(false)));
            }
            if ("CONFIG".equals(type)) {
                CompatibilityLevel level = value == null
                        ? null
                        : CompatibilityLevel.parse(
                                value.get("compatibilityLevel").asText());
                return Optional.of(new ConfigChange(subject, level));
            }
            return Optional.empty();
        } catch (JsonProcessingException | RuntimeException e) {
            // A corrupt entry must not silently change ids: refuse to start.
            throw new IllegalStateException(
                    "Unreadable record in schema topic '" + topic + "' at offset " + record.offset() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package io.recordflow.testkit;

import io.recordflow.embedded.kafka.EmbeddedKafka;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running one {@link EmbeddedKafka} node for a test class: register it as
 * {@code @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();}.
 * The node starts before all tests (shared by {@code @Nested} classes) and is closed, with its storage, after them.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private final EmbeddedKafka.Builder builder;
    private EmbeddedKafka kafka;
    private String ownerId;

    /** A node with default settings in a temporary directory. */
    public EmbeddedKafkaExtension() {
        this(EmbeddedKafka.builder());
    }

    /** A node built from {@code builder}, e.g. {@code EmbeddedKafka.builder().brokerProperty(...)}. */
    public EmbeddedKafkaExtension(EmbeddedKafka.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Nested test classes run beforeAll again; only the outermost class starts (and later stops) the node.
        if (kafka == null) {
            kafka = builder.start();
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null && context.getUniqueId().equals(ownerId)) {
            try {
                kafka.close();
            } finally {
                kafka = null;
                ownerId = null;
            }
        }
    }

    /** The running node. */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("Embedded Kafka is not running: register EmbeddedKafkaExtension on a "
                    + "static field with @RegisterExtension and use it from tests or @BeforeAll/@BeforeEach methods");
        }
        return kafka;
    }

    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }

    public void createTopic(String name, int partitions) {
        kafka().createTopic(name, partitions);
    }

    public void createTopic(String name, int partitions, Map<String, String> configs) {
        kafka().createTopic(name, partitions, configs);
    }

    /** A fresh, mutable map holding {@code bootstrap.servers}, to which tests add client settings. */
    public Map<String, Object> adminProperties() {
        return kafka().adminProperties();
    }
}

package io.recordflow.testkit;

import io.recordflow.embedded.registry.EmbeddedSchemaRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running an {@link EmbeddedSchemaRegistry} on the broker of an
 * {@link EmbeddedKafkaExtension}:
 * <pre>
 * &#64;RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
 * &#64;RegisterExtension static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);
 * </pre>
 * JUnit does not register static extension fields in declaration order, so this extension starts the
 * broker itself when it runs first.
 */
public final class EmbeddedSchemaRegistryExtension implements BeforeAllCallback, AfterAllCallback {

    private final EmbeddedKafkaExtension kafka;
    private final UnaryOperator<EmbeddedSchemaRegistry.Builder> customizer;
    private EmbeddedSchemaRegistry registry;
    private String ownerId;

    /** A registry with default settings (free port, topic {@code _schemas}). */
    public EmbeddedSchemaRegistryExtension(EmbeddedKafkaExtension kafka) {
        this(kafka, UnaryOperator.identity());
    }

    /** A registry customized by {@code customizer}, e.g. {@code b -> b.basicAuth("user", "secret")}. */
    public EmbeddedSchemaRegistryExtension(
            EmbeddedKafkaExtension kafka, UnaryOperator<EmbeddedSchemaRegistry.Builder> customizer) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.customizer = Objects.requireNonNull(customizer, "customizer");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (registry == null) {
            kafka.beforeAll(context);
            registry = customizer
                    .apply(EmbeddedSchemaRegistry.builder(kafka.bootstrapServers()))
                    .start();
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (registry != null && context.getUniqueId().equals(ownerId)) {
            try {
                registry.close();
            } finally {
                registry = null;
                ownerId = null;
            }
        }
    }

    /** The running registry. */
    public EmbeddedSchemaRegistry registry() {
        if (registry == null) {
            throw new IllegalStateException("Embedded schema registry is not running: register "
                    + "EmbeddedSchemaRegistryExtension on a static field with @RegisterExtension");
        }
        return registry;
    }

    /** The registry's base URL. */
    public String url() {
        return registry().url();
    }

    /** A fresh, mutable serde configuration holding {@code schema.registry.url}. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", url());
        return config;
    }
}

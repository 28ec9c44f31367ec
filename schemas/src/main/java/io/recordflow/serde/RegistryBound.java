package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import java.util.Map;

/**
 * Configuration and life cycle shared by the serializers and deserializers: builds (or takes) the
 * registry client at configure time and guards use before configure.
 */
abstract class RegistryBound<D extends AutoCloseable> {
    private final SchemaRegistryClient injectedClient;
    private D delegate;

    RegistryBound(SchemaRegistryClient injectedClient) {
        this.injectedClient = injectedClient;
    }

    /** Creates the worker for a configuration and a registry client. */
    abstract D create(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient client, boolean ownsClient);

    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        boolean owns = injectedClient == null;
        configure(config, isKey, owns ? config.createClient() : injectedClient, owns);
    }

    /** Configures with a client shared with the other half of a serde (see {@link RegistrySerde}). */
    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient client, boolean ownsClient) {
        close();
        delegate = create(config, isKey, client, ownsClient);
    }

    D delegate() {
        if (delegate == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " used before configure()");
        }
        return delegate;
    }

    public void close() {
        if (delegate != null) {
            try {
                delegate.close();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot close " + getClass().getSimpleName(), e);
            } finally {
                delegate = null;
            }
        }
    }
}

package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/** Common configuration and life cycle of the specific and generic Avro deserializers. */
abstract class RegistryDeserializer<T> implements Deserializer<T> {
    private final SchemaRegistryClient injectedClient;
    private final Class<?> readerClass;
    private final boolean forceSpecific;
    private AvroRecordDeserializer delegate;

    RegistryDeserializer(SchemaRegistryClient injectedClient, Class<?> readerClass, boolean forceSpecific) {
        this.injectedClient = injectedClient;
        this.readerClass = readerClass;
        this.forceSpecific = forceSpecific;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        boolean owns = injectedClient == null;
        configure(config, isKey, owns ? config.createClient() : injectedClient, owns);
    }

    /** Configures with a client shared with a serializer (see {@link RegistrySerde}). */
    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient client, boolean ownsClient) {
        close();
        delegate = new AvroRecordDeserializer(config, isKey, client, ownsClient, readerClass, forceSpecific);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return cast(delegate().deserialize(topic, data));
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return cast(delegate().deserialize(topic, data));
    }

    @SuppressWarnings("unchecked")
    private T cast(Object value) {
        return (T) value;
    }

    @Override
    public void close() {
        if (delegate != null) {
            delegate.close();
            delegate = null;
        }
    }

    private AvroRecordDeserializer delegate() {
        if (delegate == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " used before configure()");
        }
        return delegate;
    }
}

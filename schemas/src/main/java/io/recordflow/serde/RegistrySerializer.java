package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Common configuration and life cycle of the specific and generic Avro serializers. */
abstract class RegistrySerializer<T> implements Serializer<T> {
    private final SchemaRegistryClient injectedClient;
    private AvroRecordSerializer delegate;

    RegistrySerializer(SchemaRegistryClient injectedClient) {
        this.injectedClient = injectedClient;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        boolean owns = injectedClient == null;
        configure(config, isKey, owns ? config.createClient() : injectedClient, owns);
    }

    /** Configures with a client shared with a deserializer (see {@link RegistrySerde}). */
    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient client, boolean ownsClient) {
        close();
        delegate = new AvroRecordSerializer(config, isKey, client, ownsClient);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return delegate().serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        return delegate().serialize(topic, data);
    }

    @Override
    public void close() {
        if (delegate != null) {
            delegate.close();
            delegate = null;
        }
    }

    private AvroRecordSerializer delegate() {
        if (delegate == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " used before configure()");
        }
        return delegate;
    }
}

package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/** Common base of the specific and generic Avro deserializers. */
abstract class RegistryDeserializer<T> extends RegistryBound<AvroRecordDeserializer> implements Deserializer<T> {
    private final Class<?> readerClass;
    private final boolean forceSpecific;

    RegistryDeserializer(SchemaRegistryClient injectedClient, Class<?> readerClass, boolean forceSpecific) {
        super(injectedClient);
        this.readerClass = readerClass;
        this.forceSpecific = forceSpecific;
    }

    @Override
    AvroRecordDeserializer create(
            AvroSerdeConfig config, boolean isKey, SchemaRegistryClient client, boolean ownsClient) {
        return new AvroRecordDeserializer(config, isKey, client, ownsClient, readerClass, forceSpecific);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(configs, isKey);
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
        super.close();
    }
}

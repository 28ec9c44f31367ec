package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Common base of the specific and generic Avro serializers. */
abstract class RegistrySerializer<T> extends RegistryBound<AvroRecordSerializer> implements Serializer<T> {

    RegistrySerializer(SchemaRegistryClient injectedClient) {
        super(injectedClient);
    }

    @Override
    AvroRecordSerializer create(
            AvroSerdeConfig config, boolean isKey, SchemaRegistryClient client, boolean ownsClient) {
        return new AvroRecordSerializer(config, isKey, client, ownsClient);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(configs, isKey);
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
        super.close();
    }
}

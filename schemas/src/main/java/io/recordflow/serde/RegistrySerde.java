package io.recordflow.serde;

import io.recordflow.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A serializer and deserializer pair configured together, sharing one registry client and cache. */
abstract class RegistrySerde<T> implements Serde<T> {
    private final SchemaRegistryClient injectedClient;
    private final RegistrySerializer<T> serializer;
    private final RegistryDeserializer<T> deserializer;
    private SchemaRegistryClient ownedClient;

    RegistrySerde(
            SchemaRegistryClient injectedClient,
            RegistrySerializer<T> serializer,
            RegistryDeserializer<T> deserializer) {
        this.injectedClient = injectedClient;
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        close();
        SchemaRegistryClient client = injectedClient;
        if (client == null) {
            ownedClient = config.createClient();
            client = ownedClient;
        }
        serializer.configure(config, isKey, client, false);
        deserializer.configure(config, isKey, client, false);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
        if (ownedClient != null) {
            ownedClient.close();
            ownedClient = null;
        }
    }
}

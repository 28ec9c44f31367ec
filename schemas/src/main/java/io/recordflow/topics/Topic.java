package io.recordflow.topics;

import io.recordflow.serde.SpecificAvroSerde;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * A RecordFlow topic: its name, key serde and Avro value class. Immutable; each serde call returns
 * a new serde instance, so callers own (and close) what they get.
 */
public final class Topic<K, V extends SpecificRecord> {
    private final String name;
    private final Supplier<Serde<K>> keySerde;
    private final Class<V> valueClass;

    public Topic(String name, Supplier<Serde<K>> keySerde, Class<V> valueClass) {
        this.name = Objects.requireNonNull(name, "name");
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueClass = Objects.requireNonNull(valueClass, "valueClass");
    }

    public String name() {
        return name;
    }

    /** A new key serde (keys are plain strings, not registry-framed). */
    public Serde<K> keySerde() {
        return keySerde.get();
    }

    public Class<V> valueClass() {
        return valueClass;
    }

    /** A new value serde configured with the given serde settings (at least schema.registry.url). */
    public SpecificAvroSerde<V> valueSerde(Map<String, ?> serdeConfig) {
        SpecificAvroSerde<V> serde = new SpecificAvroSerde<>(valueClass);
        serde.configure(serdeConfig, false);
        return serde;
    }

    /** The registry subject of the values under Confluent's TopicNameStrategy. */
    public String valueSubject() {
        return name + "-value";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topic<?, ?> other && name.equals(other.name) && valueClass.equals(other.valueClass);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, valueClass);
    }

    @Override
    public String toString() {
        return name + " (" + valueClass.getSimpleName() + ")";
    }
}

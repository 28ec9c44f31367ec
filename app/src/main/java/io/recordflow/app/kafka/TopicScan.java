package io.recordflow.app.kafka;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.serde.SpecificAvroSerde;
import io.recordflow.topics.Topic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads whole RecordFlow topics (as of the start of each read) into memory, decoded with the registry serdes. */
public final class TopicScan implements AutoCloseable {

    /** Where a command's progress and skipped records are reported. */
    public interface Reporter {
        TopicSnapshotReader.ProgressListener progress(String topic);

        void undecodable(ConsumerRecord<byte[], byte[]> raw, RuntimeException error);
    }

    /** One record read from a topic, with where it sits. */
    public record Entry<V>(String key, V value, String topic, int partition, long offset, long timestamp) {
        /** topic-partition@offset. */
        public String position() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    private final ClientConfig config;
    private final Reporter reporter;
    private final TopicSnapshotReader reader;

    public TopicScan(ClientConfig config, Reporter reporter) {
        this.config = config;
        this.reporter = reporter;
        this.reader = new TopicSnapshotReader(config);
    }

    /** Every record of {@code topic} in offset order per partition; tombstones have a null value. */
    public <V extends SpecificRecord> List<Entry<V>> readAll(Topic<String, V> topic) {
        List<Entry<V>> entries = new ArrayList<>();
        try (SpecificAvroSerde<V> serde = topic.valueSerde(config.serdeConfig())) {
            reader.read(
                    topic.name(),
                    serde.deserializer(),
                    (raw, value) -> entries.add(new Entry<>(
                            raw.key() == null ? null : new String(raw.key(), java.nio.charset.StandardCharsets.UTF_8),
                            value,
                            raw.topic(),
                            raw.partition(),
                            raw.offset(),
                            raw.timestamp())),
                    reporter::undecodable,
                    reporter.progress(topic.name()));
        }
        return entries;
    }

    /** The last value per key (records with the same key share a partition, so offset order is write order). */
    public <V extends SpecificRecord> Map<String, Entry<V>> latestByKey(Topic<String, V> topic) {
        Map<String, Entry<V>> latest = new LinkedHashMap<>();
        for (Entry<V> entry : readAll(topic)) {
            if (entry.key() == null) {
                continue;
            }
            if (entry.value() == null) {
                latest.remove(entry.key());
            } else {
                latest.put(entry.key(), entry);
            }
        }
        return latest;
    }

    @Override
    public void close() {
        reader.close();
    }
}

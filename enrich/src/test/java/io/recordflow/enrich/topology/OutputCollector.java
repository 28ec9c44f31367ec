package io.recordflow.enrich.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads committed records of one topic on a background thread into a list tests can poll with Awaitility. */
final class OutputCollector<V> implements AutoCloseable {
    private final KafkaConsumer<String, V> consumer;
    private final List<V> values = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    OutputCollector(Map<String, Object> clientProps, String topic, Deserializer<V> deserializer) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "collector-" + topic + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer);
        consumer.subscribe(List.of(topic));
        thread = new Thread(this::run, "collector-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        } catch (WakeupException e) {
            // close() wakes the consumer up to stop.
        } finally {
            consumer.close();
        }
    }

    List<V> values() {
        synchronized (values) {
            return List.copyOf(values);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}

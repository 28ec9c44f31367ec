package io.recordflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaExtensionIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static String outerBootstrapServers;

    @BeforeAll
    static void rememberNode() {
        outerBootstrapServers = KAFKA.bootstrapServers();
    }

    @Test
    void shouldRoundTripRecordsThroughTheBrokerStartedBeforeAll() throws Exception {
        KAFKA.createTopic("extension-roundtrip", 2);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(KAFKA.adminProperties(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("extension-roundtrip", "k" + i, "v" + i))
                        .get(30, TimeUnit.SECONDS);
            }
        }

        Map<String, Object> config = KAFKA.adminProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "extension-it");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("extension-roundtrip"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= 10;
            });
        }
        assertThat(values).containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void shouldExposeTheRunningNode() {
        assertThat(KAFKA.bootstrapServers())
                .startsWith("127.0.0.1:")
                .isEqualTo(KAFKA.kafka().bootstrapServers());
        assertThat(KAFKA.kafka().dataDir()).isDirectory();
    }

    @Nested
    class NestedTests {

        @Test
        void shouldShareTheOuterClassNode() {
            assertThat(KAFKA.bootstrapServers()).isEqualTo(outerBootstrapServers);
            KAFKA.createTopic("nested-compacted", 1, Map.of("cleanup.policy", "compact"));
        }
    }
}

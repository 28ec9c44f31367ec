package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.testing.RuleBasedModel;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Modality;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adaptive limit against an Ollama-protocol server with four slots that answers 429 while more than four calls
 * are open: the limit starts above the slots, is cut by the refusals and stays at or below them, and every record is
 * enriched without a dead letter (refusals are retried).
 */
class AdaptiveConcurrencyIT {
    private static final Logger LOG = LoggerFactory.getLogger(AdaptiveConcurrencyIT.class);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final String MODEL = "llama3.1:8b";
    private static final int SLOTS = 4;
    private static final int RECORDS = 300;

    @TempDir
    Path stateDir;

    @Test
    void shouldSettleAtOrBelowTheServersSlotsWhenItRefusesExcessCallsAndEnrichEveryRecord() throws Exception {
        Topics.all().forEach(t -> KAFKA.kafka().createTopic(t.name(), 2));
        int numCtx = new EnrichConfig(Map.of(), Map.of()).numCtx();
        List<Integer> limits = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (FakeOllamaServer ollama = new FakeOllamaServer(
                                MODEL,
                                numCtx,
                                r -> RuleBasedModel.answer(
                                        FakeOllamaServer.isClassification(r), FakeOllamaServer.lastUserMessage(r)))
                        .capacity(SLOTS, Duration.ofMillis(100), true)
                        .forgetRequests();
                OutputCollector<EnrichedRecord> enriched = collector(Topics.ENRICHED);
                OutputCollector<DeadLetter> dlq = collector(Topics.DLQ)) {
            EnrichApp app = EnrichApp.builder(
                            new EnrichConfig(
                                    Map.of(
                                            EnrichConfig.PROVIDER,
                                            "ollama",
                                            EnrichConfig.MODEL,
                                            MODEL,
                                            EnrichConfig.BASE_URL,
                                            ollama.baseUrl(),
                                            EnrichConfig.CONCURRENCY_INITIAL,
                                            2 * SLOTS,
                                            EnrichConfig.RETRY_INITIAL_MS,
                                            100L,
                                            EnrichConfig.RETRY_MAX_MS,
                                            1_000L,
                                            EnrichConfig.PUNCTUATE_MS,
                                            50L),
                                    Map.of()),
                            "adaptive-concurrency-it",
                            KAFKA.bootstrapServers())
                    .streamsConfig(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                    .serdeConfig(REGISTRY.serdeConfig())
                    .build();
            try {
                assertThat(app.modelMetrics().snapshot().concurrencyLimit()).isEqualTo(2 * SLOTS);
                produce(RECORDS);
                app.start();
                sampler.scheduleAtFixedRate(
                        () -> limits.add(app.modelMetrics().snapshot().concurrencyLimit()),
                        0,
                        50,
                        TimeUnit.MILLISECONDS);

                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> ids(enriched).size() >= RECORDS);
            } finally {
                sampler.shutdownNow();
                app.close(Duration.ofSeconds(20), true);
            }

            LOG.info(
                    "{} slots: {} chat calls, {} refused, at most {} open; limit samples {}",
                    SLOTS,
                    ollama.chatCalls(),
                    ollama.refused(),
                    ollama.maxOpen(),
                    limits);
            assertThat(ids(enriched)).hasSize(RECORDS);
            assertThat(dlq.values()).isEmpty();
            assertThat(ollama.violations()).isEmpty();
            // The server did refuse calls (the limit started at twice its slots), so the limit had to find them.
            assertThat(ollama.refused()).isPositive();
            assertThat(ollama.maxOpen()).isGreaterThan(SLOTS);
            List<Integer> settled = limits.subList(limits.size() / 2, limits.size());
            long atOrBelow = settled.stream().filter(l -> l <= SLOTS).count();
            assertThat(atOrBelow)
                    .as("limit samples at or below %d slots in the second half of the run: %s", SLOTS, settled)
                    .isGreaterThanOrEqualTo(Math.round(settled.size() * 0.8));
            assertThat(settled).allMatch(l -> l <= SLOTS + 1);
            assertThat(ollama.refused())
                    .as("refused calls of %d made", ollama.chatCalls())
                    .isLessThan(ollama.chatCalls() / 5);
        }
    }

    private static <V extends SpecificRecord> OutputCollector<V> collector(Topic<String, V> type) {
        return new OutputCollector<>(
                KAFKA.kafka().adminProperties(),
                type.name(),
                type.valueSerde(REGISTRY.serdeConfig()).deserializer());
    }

    private static Set<String> ids(OutputCollector<EnrichedRecord> enriched) {
        return enriched.values().stream().map(EnrichedRecord::getRecordId).collect(Collectors.toSet());
    }

    private static void produce(int count) {
        Map<String, Object> props = KAFKA.kafka().adminProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(
                props,
                new StringSerializer(),
                Topics.INGESTED.valueSerde(REGISTRY.serdeConfig()).serializer())) {
            IntStream.range(0, count)
                    .mapToObj(AdaptiveConcurrencyIT::record)
                    .forEach(r -> producer.send(new ProducerRecord<>(Topics.INGESTED.name(), r.getRecordId(), r)));
            producer.flush();
        }
    }

    private static AgencyRecord record(int n) {
        String text = "Invoice " + n + " for office supplies delivered to the records office.";
        return AgencyRecord.newBuilder()
                .setRecordId("limit-" + n)
                .setSourceUri("file:///inbox/limit-" + n + ".txt")
                .setIngestedAt(Instant.parse("2026-12-01T00:00:00Z"))
                .setModality(Modality.DOCUMENT)
                .setMediaType("text/plain")
                .setFileName("limit-" + n + ".txt")
                .setSizeBytes(text.length())
                .setSha256(PromptHash.sha256(text))
                .setContentUri("file:///blobs/limit-" + n)
                .setText(text)
                .setTextLength(text.length())
                .build();
    }
}

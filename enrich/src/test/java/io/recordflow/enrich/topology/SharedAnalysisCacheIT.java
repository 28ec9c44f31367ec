package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.testing.RuleBasedModel;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AnalysisCacheEntry;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Modality;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two enrich applications (different application ids) on one cluster share {@code records.analysis-cache.v1}: the
 * second makes no model call for documents the first analysed, counted at the Ollama-protocol server.
 */
// Ordered: the last test ingests a record the first one does not expect on the shared input topic.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedAnalysisCacheIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final String MODEL = "llama3.1:8b";
    private static final int NUM_CTX = 4096;
    private static final Map<String, String> TEXTS = new LinkedHashMap<>();

    static {
        TEXTS.put("sc-1", "Invoice 4471 for the purchase of office furniture; payment due within 30 days.");
        TEXTS.put("sc-2", "Personnel action: promotion of an analyst to GS-13 effective next pay period.");
        TEXTS.put("sc-3", "Incident report: phishing e-mail reported by staff; credentials were reset.");
        TEXTS.put("sc-4", "Budget request for fiscal year 2027 with justification of the requested funds.");
    }

    @TempDir
    Path stateDir;

    private FakeOllamaServer ollama;
    private OutputCollector<EnrichedRecord> enriched;
    private OutputCollector<AnalysisCacheEntry> cache;

    @BeforeAll
    static void createTopics() {
        // Not the cache topic: the first application creates it.
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
    }

    @BeforeEach
    void setUp() throws Exception {
        ollama = new FakeOllamaServer(
                MODEL,
                NUM_CTX,
                r -> RuleBasedModel.answer(FakeOllamaServer.isClassification(r), FakeOllamaServer.lastUserMessage(r)));
        enriched = new OutputCollector<>(
                KAFKA.adminProperties(),
                Topics.ENRICHED.name(),
                Topics.ENRICHED.valueSerde(REGISTRY.serdeConfig()).deserializer());
    }

    @AfterEach
    void tearDown() throws Exception {
        enriched.close();
        if (cache != null) {
            cache.close();
        }
        ollama.close();
    }

    private EnrichApp start(String applicationId) throws Exception {
        EnrichConfig config = new EnrichConfig(
                Map.of(
                        EnrichConfig.PROVIDER,
                        "ollama",
                        EnrichConfig.MODEL,
                        MODEL,
                        EnrichConfig.BASE_URL,
                        ollama.baseUrl(),
                        EnrichConfig.NUM_CTX,
                        NUM_CTX,
                        EnrichConfig.TIMEOUT_MS,
                        5_000L,
                        EnrichConfig.PUNCTUATE_MS,
                        50L,
                        EnrichConfig.CACHE_RETENTION_MS,
                        604_800_000L),
                Map.of());
        EnrichApp app = EnrichApp.builder(config, applicationId, KAFKA.bootstrapServers())
                .streamsConfig(
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDir.resolve(applicationId).toString())
                .serdeConfig(REGISTRY.serdeConfig())
                .build()
                .start();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        return app;
    }

    private static AgencyRecord record(String id, String text) {
        return AgencyRecord.newBuilder()
                .setRecordId(id)
                .setSourceUri("file:///inbox/" + id)
                .setIngestedAt(Instant.parse("2026-06-01T00:00:00Z"))
                .setDateCreated(Instant.parse("2026-02-01T00:00:00Z"))
                .setModality(Modality.DOCUMENT)
                .setMediaType("text/plain")
                .setSizeBytes(text.length())
                .setSha256(PromptHash.sha256(text))
                .setContentUri("file:///blobs/" + id)
                .setText(text)
                .build();
    }

    private void ingest() {
        Map<String, Object> props = KAFKA.adminProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(
                props,
                new StringSerializer(),
                Topics.INGESTED.valueSerde(REGISTRY.serdeConfig()).serializer())) {
            TEXTS.forEach(
                    (id, text) -> producer.send(new ProducerRecord<>(Topics.INGESTED.name(), id, record(id, text))));
            producer.flush();
        }
    }

    @Test
    @Order(1)
    void shouldMakeNoModelCallInASecondApplicationForDocumentsTheFirstAnalysed() throws Exception {
        ingest();
        try (EnrichApp first = start("shared-cache-it-first")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> enriched.values().size() >= TEXTS.size());
            assertThat(first.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        int callsOfTheFirst = ollama.chatCalls();
        assertThat(callsOfTheFirst).as("the first application asks the model").isGreaterThanOrEqualTo(TEXTS.size());
        assertThat(enriched.values())
                .allSatisfy(r -> assertThat(r.getProvenance().getCacheHit()).isFalse());
        cache = new OutputCollector<>(
                KAFKA.adminProperties(),
                Topics.ANALYSIS_CACHE.name(),
                Topics.ANALYSIS_CACHE.valueSerde(REGISTRY.serdeConfig()).deserializer());
        await().atMost(Duration.ofSeconds(30)).until(() -> cache.values().size() >= TEXTS.size());
        assertThat(cache.values())
                .allSatisfy(e -> assertThat(e.getModelDigest()).isEqualTo("sha256:" + FakeOllamaServer.DIGEST));

        try (EnrichApp second = start("shared-cache-it-second")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> enriched.values().size() >= 2 * TEXTS.size());
            assertThat(second.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }

        List<EnrichedRecord> again =
                enriched.values().subList(TEXTS.size(), enriched.values().size());
        assertThat(again).extracting(EnrichedRecord::getRecordId).containsExactlyInAnyOrderElementsOf(TEXTS.keySet());
        assertThat(again)
                .allSatisfy(r -> assertThat(r.getProvenance().getCacheHit()).isTrue());
        assertThat(ollama.chatCalls()).as("chat requests the server saw").isEqualTo(callsOfTheFirst);
        assertThat(cache.values()).as("hits write nothing new").hasSize(TEXTS.size());
    }

    @Test
    @Order(2)
    void shouldCreateTheCacheTopicCompactedWithTheConfiguredRetention() throws Exception {
        try (EnrichApp app = start("shared-cache-it-topic")) {
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        try (Admin admin = Admin.create(KAFKA.adminProperties())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ANALYSIS_CACHE.name());
            Config config = admin.describeConfigs(Set.of(topic)).all().get().get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact,delete");
            assertThat(config.get("retention.ms").value()).isEqualTo("604800000");
        }
    }

    /**
     * An application of an earlier version kept its analyses in a private store ({@code enrich-analysis-cache}, with a
     * changelog topic): under the same application id and state folder this version starts, leaves that changelog
     * alone and enriches.
     */
    @Test
    @Order(3)
    void shouldStartWhereAnEarlierVersionKeptItsPrivateCacheStore() throws Exception {
        String applicationId = "shared-cache-it-upgraded";
        ingest();
        runEarlierVersion(applicationId);

        try (EnrichApp upgraded = start(applicationId)) {
            String text = "Travel voucher for the regional records conference in Denver.";
            Map<String, Object> props = KAFKA.adminProperties();
            try (var producer = new KafkaProducer<>(
                    props,
                    new StringSerializer(),
                    Topics.INGESTED.valueSerde(REGISTRY.serdeConfig()).serializer())) {
                producer.send(new ProducerRecord<>(Topics.INGESTED.name(), "sc-new", record("sc-new", text)));
                producer.flush();
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> enriched.values().stream()
                            .anyMatch(r -> r.getRecordId().equals("sc-new")));
            assertThat(upgraded.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        try (Admin admin = Admin.create(KAFKA.adminProperties())) {
            assertThat(admin.listTopics().names().get())
                    .contains(applicationId + "-" + OLD_CACHE_STORE + "-changelog", Topics.ANALYSIS_CACHE.name());
        }
    }

    private static final String OLD_CACHE_STORE = "enrich-analysis-cache";

    /** Runs the stores of the earlier topology (pending store and private cache store) over the input, then closes. */
    private void runEarlierVersion(String applicationId) throws Exception {
        Topology old = new Topology();
        old.addSource(
                EnrichTopology.SOURCE,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                Topics.INGESTED.name());
        old.addProcessor(
                EnrichTopology.PROCESSOR,
                () -> new Processor<String, byte[], Void, Void>() {
                    private KeyValueStore<String, byte[]> cache;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        cache = context.getStateStore(OLD_CACHE_STORE);
                    }

                    @Override
                    public void process(Record<String, byte[]> record) {
                        cache.put(record.key(), record.value());
                    }
                },
                EnrichTopology.SOURCE);
        for (String store : List.of(EnrichTopology.PENDING_STORE, OLD_CACHE_STORE)) {
            old.addStateStore(
                    Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.ByteArray()),
                    EnrichTopology.PROCESSOR);
        }
        Properties props = EnrichTopology.streamsProperties(applicationId, KAFKA.bootstrapServers());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(applicationId).toString());
        try (KafkaStreams earlier = new KafkaStreams(old, props)) {
            earlier.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> committedEverything(applicationId));
            // Leaving the group hands the partitions to the upgraded instance at once, not after the session timeout.
            earlier.close(CloseOptions.timeout(Duration.ofSeconds(20))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }

    private static boolean committedEverything(String group) throws Exception {
        try (Admin admin = Admin.create(KAFKA.adminProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(Topics.INGESTED.name(), p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream()
                    .allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset()
                                    >= e.getValue().offset());
        }
    }
}

package io.recordflow.app.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.fixtures.Seeder;
import io.recordflow.app.fixtures.TextRecords;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.testing.RuleBasedModel;
import io.recordflow.enrich.topology.EnrichTopology;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code recordflow enrich} as its own process, killed with SIGKILL and started again, after its global store of the
 * shared analysis cache has written entries to disk, which marks the store open there until it is closed. The
 * 20,000-record soak found every such restart failing for good ("Tasks [-1_-1] are corrupted ... Invalid state during
 * store open"): the instance went to ERROR and exited, and did so again at every restart.
 */
class EnrichKilledWithCacheIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final String MODEL = "llama3.1:8b";
    private static final String APPLICATION_ID = "recordflow-enrich-killed";
    private static final Duration ENRICHED_WITHIN = Duration.ofMinutes(2);
    private static final byte[] ANALYSIS = "{\"analysis\": \"x\"}".repeat(100).getBytes(StandardCharsets.UTF_8);

    /** Under target, not a temporary folder: the process's log stays for a failure's post-mortem. */
    private final Path work = Path.of(System.getProperty("user.dir"), "target", "enrich-killed-" + System.nanoTime());

    @Test
    void shouldEnrichAgainAfterAKillOnceTheSharedCacheIsOnDisk() throws Exception {
        Files.createDirectories(work);
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
        // Other applications' analyses of 2 KB, as real ones are: 24 MB, more than a RocksDB write buffer (16 MB in
        // Streams' settings), so the global store's restore at the first start writes them to disk, and with them the
        // store's status, open until the store is closed.
        fillSharedCache(12_000);
        TopicContents topics = new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url());
        try (FakeOllamaServer ollama = new FakeOllamaServer(
                MODEL,
                8192,
                r -> RuleBasedModel.answer(
                        FakeOllamaServer.isClassification(r), FakeOllamaServer.lastUserMessage(r)))) {
            SoakProcess enrich = new SoakProcess(
                    "enrich",
                    SoakProcess.javaCommand(
                            List.of("-Xmx384m", DistributedSoak.AVRO_PACKAGES), "-jar", jar().toString(), "enrich"),
                    environment(ollama.baseUrl()),
                    work,
                    new AtomicLong());
            try {
                enrich.start();
                sendAndAwaitEnriched(topics, "rk-1", "Invoice 4471 for office furniture; payment due in 30 days.");
                await("the shared cache's global store written to disk")
                        .atMost(ENRICHED_WITHIN)
                        .until(this::globalCacheFlushed);
                enrich.kill();
                enrich.start();
                sendAndAwaitEnriched(topics, "rk-2", "Personnel action: promotion of an analyst to GS-13.");
                assertThat(enrich.isAlive())
                        .as("enrich after the kill; see %s", work.resolve("enrich.log"))
                        .isTrue();
            } finally {
                enrich.kill();
            }
        }
        assertThat(Files.readString(work.resolve("enrich.log"))).contains("did not stop cleanly");
    }

    private static void fillSharedCache(int entries) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < entries; i++) {
                producer.send(new ProducerRecord<>(
                        Topics.ANALYSIS_CACHE.name(),
                        ("other-document-" + i).getBytes(StandardCharsets.UTF_8),
                        ANALYSIS));
            }
            producer.flush();
        }
    }

    private boolean globalCacheFlushed() throws IOException {
        Path store = work.resolve("state")
                .resolve(APPLICATION_ID)
                .resolve("global/rocksdb")
                .resolve(EnrichTopology.CACHE_STORE);
        if (!Files.isDirectory(store)) {
            return false;
        }
        try (Stream<Path> files = Files.list(store)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".sst"));
        }
    }

    private void sendAndAwaitEnriched(TopicContents topics, String id, String text) {
        try (Seeder seeder = new Seeder(KAFKA.bootstrapServers(), REGISTRY.serdeConfig())) {
            seeder.send(Topics.INGESTED, id, TextRecords.of(id, text));
        }
        await(id + " enriched; see " + work.resolve("enrich.log"))
                .atMost(ENRICHED_WITHIN)
                .until(() -> topics.values(Topics.ENRICHED).stream()
                        .map(EnrichedRecord::getRecordId)
                        .anyMatch(id::equals));
    }

    private Map<String, String> environment(String modelUrl) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RECORDFLOW_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("RECORDFLOW_SCHEMA_REGISTRY_URL", REGISTRY.url());
        env.put("RECORDFLOW_APPLICATION_ID", APPLICATION_ID);
        env.put("RECORDFLOW_ENRICH_PROVIDER", "ollama");
        env.put("RECORDFLOW_ENRICH_MODEL", MODEL);
        env.put("RECORDFLOW_ENRICH_BASE_URL", modelUrl);
        env.put("RECORDFLOW_REPLICATION_FACTOR", "1");
        env.put(
                "RECORDFLOW_STATE_DIR",
                Files.createDirectories(work.resolve("state")).toString());
        env.put("RECORDFLOW_METRICS_PORT", Integer.toString(SoakProcess.freePort()));
        return env;
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("user.dir"), "target", "recordflow.jar");
        assertThat(jar).as("the jar the package phase builds").isRegularFile();
        return jar;
    }
}

package io.recordflow.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.recordflow.ingest.config.IngestConfig;
import io.recordflow.ingest.pipeline.FileOutcome;
import io.recordflow.ingest.pipeline.IngestService;
import io.recordflow.ingest.pipeline.IngestSummary;
import io.recordflow.ingest.pipeline.InputFile;
import io.recordflow.ingest.produce.KafkaRecordOutlet;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.serde.AvroSerdeConfig;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest through a schema registry that refuses the audit schema: a file's records and its audit events are written
 * together or not at all, a refusal for good fails the file and starts no further one, and the run's summary counts
 * exactly what a read_committed reader sees.
 */
class IngestRegistryFaultIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final String AUDIT_REGISTRATION = "/subjects/" + Topics.AUDIT.name() + "-value/versions";

    @TempDir
    Path dir;

    private RegistryProxy proxy;

    @BeforeAll
    static void createTopics() {
        for (Topic<String, ?> t : Topics.all()) {
            KAFKA.createTopic(t.name(), 2);
        }
    }

    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            proxy.stop();
        }
    }

    @Test
    void shouldFailAFileWhoseAuditSchemaTheRegistryRefusesForGoodAndStartNoFurtherFile() throws Exception {
        proxy = RegistryProxy.start(REGISTRY.url(), Integer.MAX_VALUE);
        List<InputFile> inputs = files("refused", 3);

        IngestSummary summary = ingest("refused", inputs, 1);

        assertThat(committed(Topics.INGESTED, r -> r.getFileName().startsWith("refused-")))
                .isEmpty();
        assertThat(summary.ingested()).isZero();
        assertThat(summary.records()).isZero();
        assertThat(summary.refusedByRegistry()).contains(inputs.get(0).sourceUri());
        assertThat(summary.failures())
                .extracting(FileOutcome::reason)
                .satisfiesExactly(
                        first -> assertThat(first)
                                .startsWith("REGISTRY_REFUSED: " + inputs.get(0).sourceUri())
                                .contains("nothing of the file written")
                                .contains("subject '" + Topics.AUDIT.name() + "-value'")
                                .contains(proxy.url())
                                .contains("HTTP 500")
                                // the dead letter comes with an audit event, which the registry refuses as well
                                .contains("no dead letter written either"),
                        second -> assertThat(second)
                                .isEqualTo("NOT_ATTEMPTED: " + inputs.get(1).sourceUri()
                                        + ": not attempted, the run stopped starting files after the schema registry refused"
                                        + " the records of " + inputs.get(0).sourceUri()),
                        third -> assertThat(third)
                                .startsWith("NOT_ATTEMPTED: " + inputs.get(2).sourceUri()));
        assertThat(proxy.auditFailures.get()).isGreaterThan(1);
    }

    @Test
    void shouldWriteAndCountEveryFileOnceWhenTheRegistryFailsBriefly() throws Exception {
        proxy = RegistryProxy.start(REGISTRY.url(), 3);
        List<InputFile> inputs = files("brief", 3);

        IngestSummary summary = ingest("brief", inputs);

        assertThat(summary.failed()).isZero();
        assertThat(summary.ingested()).isEqualTo(3);
        List<AgencyRecord> written =
                committed(Topics.INGESTED, r -> r.getFileName().startsWith("brief-"));
        assertThat(written)
                .hasSize(summary.records())
                .extracting(AgencyRecord::getFileName)
                .containsExactlyInAnyOrder("brief-0.txt", "brief-1.txt", "brief-2.txt");
        List<String> ids = written.stream().map(AgencyRecord::getRecordId).toList();
        assertThat(committed(Topics.AUDIT, e -> true).stream()
                        .map(AuditEvent::getRecordId)
                        .filter(ids::contains)
                        .distinct())
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(proxy.auditFailures.get()).isEqualTo(3);
        assertThat(proxy.auditSuccesses.get()).isEqualTo(1);
    }

    private List<InputFile> files(String prefix, int count) throws IOException {
        List<InputFile> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(prefix + "-" + i + ".txt");
            Files.writeString(file, "Memorandum " + prefix + " number " + i + " about records retention.");
            inputs.add(InputFile.of(file));
        }
        return inputs;
    }

    private IngestSummary ingest(String source, List<InputFile> inputs) throws Exception {
        return ingest(source, inputs, 3);
    }

    private IngestSummary ingest(String source, List<InputFile> inputs, int parallelism) throws Exception {
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BLOB_ROOT,
                dir.resolve("blobs").toString(),
                IngestConfig.SOURCE,
                source,
                IngestConfig.ISOLATION,
                IngestConfig.ISOLATION_IN_PROCESS));
        Map<String, Object> serde = new HashMap<>();
        serde.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, proxy.url());
        serde.put(AvroSerdeConfig.RETRY_MAX_MS_CONFIG, 1_500L);
        serde.put(AvroSerdeConfig.RETRY_BACKOFF_MS_CONFIG, 50L);
        try (IngestService service = new IngestService(
                config, KafkaRecordOutlet.create(KAFKA.bootstrapServers(), serde), parallelism, Clock.systemUTC())) {
            return service.run(inputs, new IngestSummary(), (outcome, s, total) -> {});
        }
    }

    /** The values committed on the topic up to its current end that match, read read_committed. */
    private static <V extends SpecificRecord> List<V> committed(Topic<String, V> topic, Predicate<V> filter) {
        Map<String, Object> props = new HashMap<>(KAFKA.adminProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                props,
                topic.keySerde().deserializer(),
                topic.valueSerde(REGISTRY.serdeConfig()).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (filter.test(r.value())) {
                        values.add(r.value());
                    }
                });
                return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return values;
    }

    /**
     * A registry in front of the embedded one, as a third-party registry behaves under load: it answers HTTP 500 to
     * the first {@code failures} registrations of the audit schema and forwards everything else.
     */
    private static final class RegistryProxy {
        private final HttpServer server;
        private final String target;
        private final int failures;
        private final HttpClient http = HttpClient.newHttpClient();
        final AtomicInteger auditFailures = new AtomicInteger();
        final AtomicInteger auditSuccesses = new AtomicInteger();

        private RegistryProxy(HttpServer server, String target, int failures) {
            this.server = server;
            this.target = target;
            this.failures = failures;
        }

        static RegistryProxy start(String target, int failures) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            RegistryProxy proxy = new RegistryProxy(server, target, failures);
            server.createContext("/", proxy::handle);
            server.start();
            return proxy;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean auditRegistration = "POST".equals(exchange.getRequestMethod())
                    && exchange.getRequestURI().getRawPath().equals(AUDIT_REGISTRATION);
            if (auditRegistration && auditFailures.get() < failures) {
                auditFailures.incrementAndGet();
                answer(
                        exchange,
                        500,
                        "{\"error_code\":50001,\"message\":\"Error while registering schema\"}"
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target
                            + exchange.getRequestURI().getRawPath()
                            + (exchange.getRequestURI().getRawQuery() == null
                                    ? ""
                                    : "?" + exchange.getRequestURI().getRawQuery())))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                forward.header("Content-Type", contentType);
            }
            try {
                HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (auditRegistration && response.statusCode() == 200) {
                    auditSuccesses.incrementAndGet();
                }
                answer(exchange, response.statusCode(), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forwarding to " + target, e);
            }
        }

        private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        }
    }
}

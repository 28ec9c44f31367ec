package io.recordflow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client against a real HTTP server that misbehaves like third-party registries do: a 500 for a concurrent
 * registration, a restart, a permanent refusal.
 */
class RestSchemaRegistryClientRetryTest {
    private static final Schema SCHEMA = SchemaBuilder.record("Doc")
            .namespace("test")
            .fields()
            .requiredString("id")
            .endRecord();
    private static final RegistryRetry RETRY =
            new RegistryRetry(Duration.ofSeconds(20), Duration.ofMillis(50), Duration.ofMillis(500));

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        callers.shutdownNow();
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void shouldRegisterEachSchemaOncePerSubjectWhenConcurrentCallersMeetA500() throws Exception {
        FakeRegistry registry = new FakeRegistry(1);
        String url = start(registry, 0);
        RestSchemaRegistryClient client = client(url);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String subject = i % 2 == 0 ? "records.a-value" : "records.b-value";
            results.add(callers.submit(() -> {
                go.await();
                return client.register(subject, SCHEMA);
            }));
        }
        go.countDown();

        List<Integer> ids = new ArrayList<>();
        for (Future<Integer> result : results) {
            ids.add(result.get(30, TimeUnit.SECONDS));
        }
        assertThat(ids).containsOnly(registry.idOf(SCHEMA));
        assertThat(registry.successfulRegistrations())
                .containsOnly(Map.entry("records.a-value", 1), Map.entry("records.b-value", 1));
        assertThat(registry.serverErrors.get()).isEqualTo(1);
    }

    @Test
    void shouldRetryUntilARegistryThatWasDownComesBack() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RestSchemaRegistryClient client = client("http://127.0.0.1:" + port);
        CompletableFuture<Integer> registration =
                CompletableFuture.supplyAsync(() -> client.register("records.c-value", SCHEMA), callers);

        // While nothing listens on the port, the client keeps trying instead of failing.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !registration.isDone());
        FakeRegistry registry = new FakeRegistry(0);
        start(registry, port);

        assertThat(registration.get(30, TimeUnit.SECONDS)).isEqualTo(registry.idOf(SCHEMA));
        assertThat(registry.successfulRegistrations()).containsOnly(Map.entry("records.c-value", 1));
    }

    @Test
    void shouldNotRetryAnIncompatibleSchemaAndNameTheSubject() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            answer(exchange, 409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
        });
        server.start();
        servers.add(server);
        RestSchemaRegistryClient client =
                client("http://127.0.0.1:" + server.getAddress().getPort());

        assertThatThrownBy(() -> client.register("records.d-value", SCHEMA))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("records.d-value")
                .hasMessageContaining("incompatible");
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void shouldGiveUpAfterTheRetryDeadlineSayingHowLongItTried() throws Exception {
        FakeRegistry registry = new FakeRegistry(Integer.MAX_VALUE);
        String url = start(registry, 0);
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                List.of(url),
                Optional.empty(),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Optional.empty(),
                new RegistryRetry(Duration.ofMillis(400), Duration.ofMillis(50), Duration.ofMillis(100)));

        assertThatThrownBy(() -> client.register("records.e-value", SCHEMA))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("schema.registry.retry.max.ms=400");
        assertThat(registry.serverErrors.get()).isGreaterThan(1);
    }

    private RestSchemaRegistryClient client(String url) {
        return new RestSchemaRegistryClient(
                List.of(url), Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(5), Optional.empty(), RETRY);
    }

    private String start(FakeRegistry registry, int port) throws IOException {
        // The default executor answers one request at a time, in arrival order, as a single-threaded registry would.
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/subjects/", registry::handle);
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Answers POST /subjects/{s}/versions: HTTP 500 to the first {@code failures} requests, then an id per schema. */
    private static final class FakeRegistry {
        private final int failures;
        private final AtomicInteger serverErrors = new AtomicInteger();
        private final Map<String, Integer> successes = new ConcurrentHashMap<>();

        FakeRegistry(int failures) {
            this.failures = failures;
        }

        int idOf(Schema schema) {
            return Math.abs(schema.toString().hashCode() % 10_000) + 1;
        }

        Map<String, Integer> successfulRegistrations() {
            return Map.copyOf(successes);
        }

        void handle(HttpExchange exchange) throws IOException {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/versions")) {
                answer(exchange, 404, "{\"error_code\":404,\"message\":\"not here\"}");
                return;
            }
            if (serverErrors.get() < failures) {
                serverErrors.incrementAndGet();
                answer(exchange, 500, "{\"error_code\":500,\"message\":\"Error while registering schema\"}");
                return;
            }
            String subject = path.substring("/subjects/".length(), path.length() - "/versions".length());
            successes.merge(subject, 1, Integer::sum);
            answer(exchange, 200, "{\"id\":" + idOf(SCHEMA) + "}");
        }
    }
}

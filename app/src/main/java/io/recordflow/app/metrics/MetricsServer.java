package io.recordflow.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK HTTP server behind {@code GET /metrics} (Prometheus text) and {@code GET /health} (JSON; 200 when
 * healthy, 503 otherwise) of a RecordFlow service.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    /** What {@code /health} answers: the HTTP status and a JSON body. */
    public record Health(boolean healthy, String json) {}

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on every interface at {@code port} (0 picks a free port; see {@link #port()}). */
    public static MetricsServer start(int port, Supplier<String> metrics, Supplier<Health> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for /metrics and /health on port " + port, e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recordflow-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(
                "/metrics",
                exchange -> answer(exchange, "/metrics", () -> {
                    send(exchange, 200, PrometheusText.CONTENT_TYPE, metrics.get());
                }));
        server.createContext(
                "/health",
                exchange -> answer(exchange, "/health", () -> {
                    Health h = health.get();
                    send(exchange, h.healthy() ? 200 : 503, "application/json", h.json());
                }));
        server.createContext(
                "/",
                exchange -> answer(
                        exchange,
                        null,
                        () -> send(
                                exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics or /health\n")));
        server.start();
        return new MetricsServer(server, executor);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private interface Responder {
        void respond() throws IOException;
    }

    private static void answer(HttpExchange exchange, String path, Responder responder) throws IOException {
        try (exchange) {
            if (path != null && !path.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
            } else {
                try {
                    responder.respond();
                } catch (RuntimeException e) {
                    LOG.warn("{} failed", exchange.getRequestURI(), e);
                    if (exchange.getResponseCode() == -1) {
                        send(exchange, 500, "text/plain; charset=utf-8", "internal error: " + e + "\n");
                    }
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

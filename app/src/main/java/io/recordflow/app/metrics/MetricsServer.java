package io.recordflow.app.metrics;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.recordflow.registry.BasicAuthCredentials;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK HTTP server behind {@code GET /metrics} (Prometheus text) and {@code GET /health} (JSON; 200 when
 * healthy, 503 otherwise) of a RecordFlow service. It binds 127.0.0.1 unless told otherwise and can require HTTP basic
 * authentication on every path.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    /** What {@code /health} answers: the HTTP status and a JSON body. */
    public record Health(boolean healthy, String json) {}

    /** The address every RecordFlow listener binds unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * Where the server listens and who may read it.
     *
     * @param bindAddress host name or IP address to bind ({@code 0.0.0.0} or {@code ::} for every interface)
     * @param port the port; 0 picks a free one
     * @param credentials when present, every request must carry them as HTTP basic authentication
     */
    public record Endpoint(String bindAddress, int port, Optional<BasicAuthCredentials> credentials) {
        public Endpoint {
            Objects.requireNonNull(bindAddress, "bindAddress");
            Objects.requireNonNull(credentials, "credentials");
        }

        /** 127.0.0.1 at {@code port}, without authentication. */
        public static Endpoint loopback(int port) {
            return new Endpoint(LOOPBACK, port, Optional.empty());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens at {@code endpoint} (see {@link #port()} for the port picked for 0). */
    public static MetricsServer start(Endpoint endpoint, Supplier<String> metrics, Supplier<Health> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(endpoint.bindAddress(), endpoint.port()), 16);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot listen for /metrics and /health on " + endpoint.bindAddress() + " port " + endpoint.port()
                            + ": " + e.getMessage(),
                    e);
        }
        Optional<Authenticator> authenticator = endpoint.credentials().map(c -> c.authenticator("recordflow-metrics"));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recordflow-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        context(
                server,
                authenticator,
                "/metrics",
                exchange -> answer(exchange, "/metrics", () -> {
                    send(exchange, 200, PrometheusText.CONTENT_TYPE, metrics.get());
                }));
        context(
                server,
                authenticator,
                "/health",
                exchange -> answer(exchange, "/health", () -> {
                    Health h = health.get();
                    send(exchange, h.healthy() ? 200 : 503, "application/json", h.json());
                }));
        context(
                server,
                authenticator,
                "/",
                exchange -> answer(
                        exchange,
                        null,
                        () -> send(
                                exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics or /health\n")));
        server.start();
        return new MetricsServer(server, executor);
    }

    private static void context(
            HttpServer server, Optional<Authenticator> authenticator, String path, HttpHandler handler) {
        HttpContext context = server.createContext(path, handler);
        authenticator.ifPresent(context::setAuthenticator);
    }

    /** The URL of the server's root, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
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

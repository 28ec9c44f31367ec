package io.recordflow.embedded.registry;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.recordflow.registry.BasicAuthCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry over HTTP (or HTTPS) on 127.0.0.1, for the local mode and tests.
 * Avro only; BACKWARD compatibility by default. Every change is stored in a compacted Kafka topic
 * ({@code _schemas}) before it is acknowledged and replayed at start, so ids survive restarts. A
 * single registry instance may write a given topic at a time.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    /** The default schema topic, as Confluent's {@code kafkastore.topic}. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final SchemaLog log;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, SchemaLog log) {
        this.server = server;
        this.executor = executor;
        this.log = log;
    }

    /** Starts a registry on a free port, storing schemas in {@code _schemas} on the given cluster. */
    public static EmbeddedSchemaRegistry start(String bootstrapServers) {
        return builder(bootstrapServers).start();
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}, or {@code https://...} when serving TLS. */
    public String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        log.close();
        LOG.info("Schema registry on port {} stopped", port());
    }

    /** Options of an embedded registry. */
    public static final class Builder {
        private final String bootstrapServers;
        private int port;
        private String topic = DEFAULT_TOPIC;
        private Duration storeTimeout = Duration.ofSeconds(30);
        private String user;
        private String password;
        private SchemaLog schemaLog;
        private SSLContext tls;

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The Kafka topic holding the schemas; {@code _schemas} by default. */
        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** How long to wait for Kafka when starting and when storing a change. */
        public Builder storeTimeout(Duration storeTimeout) {
            this.storeTimeout = Objects.requireNonNull(storeTimeout, "storeTimeout");
            return this;
        }

        /** Requires HTTP basic authentication with these credentials. */
        public Builder basicAuth(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Serves HTTPS with this context's certificate instead of plain HTTP. */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Stores events somewhere other than Kafka (tests of the HTTP layer). */
        Builder schemaLog(SchemaLog schemaLog) {
            this.schemaLog = schemaLog;
            return this;
        }

        /** Replays the schema topic, then starts serving. */
        public EmbeddedSchemaRegistry start() {
            SchemaLog log = schemaLog != null ? schemaLog : new KafkaSchemaLog(bootstrapServers, topic, storeTimeout);
            try {
                RegistryState state = new RegistryState();
                log.replay(state::apply);
                InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                HttpServer server;
                if (tls != null) {
                    HttpsServer https = HttpsServer.create(address, 0);
                    https.setHttpsConfigurator(new HttpsConfigurator(tls));
                    server = https;
                } else {
                    server = HttpServer.create(address, 0);
                }
                HttpContext context = server.createContext("/", new RegistryHttpHandler(state, log));
                if (user != null) {
                    context.setAuthenticator(
                            new BasicAuthCredentials(user, password).authenticator("recordflow-schema-registry"));
                }
                ExecutorService executor = Executors.newFixedThreadPool(4, daemonThreads());
                server.setExecutor(executor);
                server.start();
                EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(server, executor, log);
                LOG.info("Schema registry listening on {} (topic {} on {})", registry.url(), topic, bootstrapServers);
                return registry;
            } catch (IOException e) {
                log.close();
                throw new UncheckedIOException("Cannot start the schema registry on 127.0.0.1:" + port, e);
            } catch (RuntimeException e) {
                log.close();
                throw e;
            }
        }

        private static ThreadFactory daemonThreads() {
            AtomicInteger count = new AtomicInteger();
            return r -> {
                Thread thread = new Thread(r, "schema-registry-http-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}

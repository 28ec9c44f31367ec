package io.recordflow.app.enrich;

import io.recordflow.app.config.EnrichServiceConfig;
import io.recordflow.app.metrics.MetricsServer;
import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.taxonomy.Taxonomy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrich topology running against an external cluster, with its model calls metered and served, together with
 * the Kafka Streams metrics, on {@code /metrics}; {@code /health} follows the Streams state.
 */
public final class EnrichService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichService.class);

    private final EnrichServiceConfig config;
    private EnrichApp app;
    private MetricsServer server;

    private EnrichService(EnrichServiceConfig config) {
        this.config = config;
    }

    /** Starts the metrics server and the Streams instance; on failure, what started is closed again. */
    public static EnrichService start(EnrichServiceConfig config) throws LlmException {
        EnrichService service = new EnrichService(config);
        try {
            service.startAll();
            return service;
        } catch (RuntimeException | Error | LlmException e) {
            service.close(Duration.ofSeconds(5));
            throw e;
        }
    }

    private void startAll() throws LlmException {
        EnrichConfig enrich = config.enrich();
        app = appBuilder(config).build();
        server = MetricsServer.start(
                config.metricsEndpoint(), () -> EnrichEndpoints.metrics(app), () -> EnrichEndpoints.health(app));
        app.start();
        Taxonomy taxonomy = app.taxonomy();
        LOG.info(
                "enrich service started: application {}, {} stream thread(s), provider {} model {}, taxonomy {} {}; "
                        + "metrics at {} (GET /metrics, GET /health{})",
                config.client().applicationId(),
                config.numStreamThreads(),
                enrich.provider(),
                enrich.model(),
                taxonomy.schedule(),
                taxonomy.version(),
                server.url(),
                config.metricsEndpoint().credentials().isPresent() ? ", basic auth" : "");
    }

    /** The application: the client connection and security settings, threads, state, replication, registry. */
    static EnrichApp.Builder appBuilder(EnrichServiceConfig config) {
        Map<String, Object> props = new HashMap<>(config.client().kafkaProperties());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
        if (!config.stateDir().isBlank()) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        }
        if (config.replicationFactor() != -1) {
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.replicationFactor());
        }
        return EnrichApp.builder(
                        config.enrich(),
                        config.client().applicationId(),
                        config.client().bootstrapServers())
                .streamsConfig(props)
                .serdeConfig(config.client().serdeConfig());
    }

    /** Completes when the Streams instance failed for good (a stream thread died, state ERROR). */
    public CompletableFuture<Throwable> failure() {
        return app.failure();
    }

    /** Port of /metrics and /health. */
    public int metricsPort() {
        return server.port();
    }

    /** The metrics server's root URL, e.g. {@code http://127.0.0.1:8080}. */
    public String metricsUrl() {
        return server.url();
    }

    public KafkaStreams.State state() {
        return app.state();
    }

    /**
     * Closes Streams (waiting at most {@code timeout}; the instance leaves its group, so the other instances take its
     * partitions over at once), the analyzer and the metrics server.
     */
    public void close(Duration timeout) {
        try {
            if (app != null) {
                app.close(timeout, true);
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Override
    public void close() {
        close(EnrichApp.DEFAULT_CLOSE_TIMEOUT);
    }
}

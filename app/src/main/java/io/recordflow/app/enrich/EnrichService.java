package io.recordflow.app.enrich;

import io.recordflow.app.config.EnrichServiceConfig;
import io.recordflow.app.metrics.MetricsServer;
import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.Analyzers;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.metrics.EnrichMetrics;
import io.recordflow.enrich.metrics.MeteredAnalyzer;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.topology.EnrichTopology;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrich topology running against an external cluster, with its model calls metered and served, together with
 * the Kafka Streams metrics, on {@code /metrics}; {@code /health} follows the Streams state.
 */
public final class EnrichService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichService.class);

    private final EnrichServiceConfig config;
    private final EnrichMetrics metrics = new EnrichMetrics();
    private final CompletableFuture<KafkaStreams.State> failed = new CompletableFuture<>();
    private Analyzer analyzer;
    private KafkaStreams streams;
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
        Taxonomy taxonomy = enrich.taxonomy();
        analyzer = new MeteredAnalyzer(Analyzers.create(enrich, taxonomy), metrics);
        streams = new KafkaStreams(EnrichTopology.build(enrich, taxonomy, analyzer, config.client().serdeConfig()),
                streamsProperties(config));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("enrich stream thread failed; shutting this instance down so that it is restarted", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("enrich Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR) {
                failed.complete(now);
            }
        });
        server = MetricsServer.start(config.metricsPort(), this::metricsText, this::health);
        streams.start();
        LOG.info("enrich service started: application {}, {} stream thread(s), provider {} model {}, taxonomy {} {}; "
                        + "metrics on port {} (GET /metrics, GET /health)", config.client().applicationId(),
                config.numStreamThreads(), enrich.provider(), enrich.model(), taxonomy.schedule(), taxonomy.version(),
                server.port());
    }

    /** Streams settings: exactly-once v2, the client connection and security settings, threads, state, replication. */
    static Properties streamsProperties(EnrichServiceConfig config) {
        Properties props = EnrichTopology.streamsProperties(config.client().applicationId(),
                config.client().bootstrapServers());
        props.putAll(config.client().kafkaProperties());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
        if (!config.stateDir().isBlank()) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        }
        if (config.replicationFactor() != -1) {
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.replicationFactor());
        }
        return props;
    }

    /** Completes when the Streams instance failed for good (state ERROR). */
    public CompletableFuture<KafkaStreams.State> failure() {
        return failed;
    }

    /** Port of /metrics and /health. */
    public int metricsPort() {
        return server.port();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    String metricsText() {
        return EnrichEndpoints.metrics(streams, metrics, analyzer.info());
    }

    MetricsServer.Health health() {
        return EnrichEndpoints.health(streams, metrics, config.client().applicationId());
    }

    /** Closes Streams (waiting at most {@code timeout}), the analyzer and the metrics server. */
    public void close(Duration timeout) {
        if (streams != null) {
            boolean done = streams.close(CloseOptions.timeout(timeout));
            if (!done) {
                LOG.warn("enrich Streams did not stop within {}", timeout);
            }
        }
        if (analyzer != null) {
            analyzer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(8));
    }
}

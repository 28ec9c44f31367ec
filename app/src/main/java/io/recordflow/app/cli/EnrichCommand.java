package io.recordflow.app.cli;

import io.recordflow.app.config.EnrichServiceConfig;
import io.recordflow.app.enrich.EnrichService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recordflow enrich}: the enrich Kafka Streams service against an external cluster, until SIGTERM or Ctrl-C. */
@Command(
        name = "enrich",
        mixinStandardHelpOptions = true,
        description = {
            "Run the enrich stage as a service on an existing Kafka cluster: records.ingested.v1 in; "
                    + "records.enriched.v1, records.review.v1, records.dlq.v1 and records.audit.v1 out (exactly-once). "
                    + "Instances with the same application.id share the work. Runs until SIGTERM or Ctrl-C.",
            "Settings: --config FILE and RECORDFLOW_* environment variables (bootstrap.servers, "
                    + "schema.registry.url, security.protocol, ssl.*, sasl.*, application.id, num.stream.threads, "
                    + "state.dir, replication.factor, metrics.port, metrics.bind, metrics.basic.auth.user.info, "
                    + "enrich.provider, enrich.model, enrich.base.url, enrich.blob.roots (the blob store folder ingest "
                    + "writes: full texts and images are read only there), ...; OLLAMA_HOST when enrich.base.url is "
                    + "empty). The model options below "
                    + "override the enrich.* settings."
        })
public final class EnrichCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichCommand.class);
    /** Streams gets most of the 10 s a stop may take; the rest is for the metrics server and the analyzer. */
    static final Duration STREAMS_CLOSE_TIMEOUT = Duration.ofSeconds(8);

    private static final Duration HOOK_WAIT = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Mixin
    private ModelOptions modelOptions;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Port of GET /metrics and GET /health (overrides metrics.port; env RECORDFLOW_METRICS_PORT; "
                    + "default " + EnrichServiceConfig.DEFAULT_METRICS_PORT + "; 0 picks a free port).")
    private Integer metricsPort;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description =
                    "Address of GET /metrics and GET /health (overrides metrics.bind; env RECORDFLOW_METRICS_BIND; "
                            + "default 127.0.0.1, this host only; 0.0.0.0 for every interface). "
                            + "metrics.basic.auth.user.info=user:password puts them behind basic auth.")
    private String bind;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> settings = new HashMap<>(EnrichServiceConfig.read(cluster.configFile(), System.getenv()));
        if (metricsPort != null) {
            settings.put(EnrichServiceConfig.METRICS_PORT, metricsPort.toString());
        }
        if (bind != null) {
            settings.put(EnrichServiceConfig.METRICS_BIND, bind);
        }
        ModelOptions.Resolved model = modelOptions.resolve(settings, System.getenv());
        // The log, not stderr: with RECORDFLOW_LOG_FORMAT=json every line a service writes is meant for a log shipper.
        if (model.choice().isLocal()) {
            LOG.warn(model.choice().announcement());
        } else {
            LOG.info(model.choice().announcement());
        }
        EnrichServiceConfig config = new EnrichServiceConfig(cluster.clientConfig(), model.settings(), System.getenv());
        LOG.info("recordflow enrich settings: {}", config.masked());

        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> awaitClose(stop, closed), "recordflow-enrich-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        EnrichService service = null;
        try {
            service = EnrichService.start(config);
            service.failure().thenRun(stop::countDown);
            out.printf(
                    "recordflow enrich: running as %s on %s; metrics at %s/metrics, health at "
                            + "/health; stop with SIGTERM or Ctrl-C%n",
                    config.client().applicationId(), config.client().bootstrapServers(), service.metricsUrl());
            out.flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                // In-process callers stop the service by interrupting its thread: the same as SIGTERM.
                LOG.info("recordflow enrich: interrupted, stopping");
            }
            boolean failed = service.failure().isDone();
            LOG.info("recordflow enrich: stopping (Streams state {})", service.state());
            service.close(STREAMS_CLOSE_TIMEOUT);
            service = null;
            if (failed) {
                throw new IllegalStateException("the enrich Streams instance failed (state ERROR); see the log above");
            }
            LOG.info("recordflow enrich: stopped");
            return ExitCode.OK;
        } finally {
            if (service != null) {
                service.close(STREAMS_CLOSE_TIMEOUT);
            }
            closed.countDown();
            removeHook(hook);
        }
    }

    /** On SIGTERM or Ctrl-C: lets the command thread stop the service and waits (bounded) until it has. */
    private static void awaitClose(CountDownLatch stop, CountDownLatch closed) {
        LOG.info("recordflow enrich: stop requested (signal)");
        stop.countDown();
        try {
            if (!closed.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("recordflow enrich: not stopped within {}; exiting anyway", HOOK_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running and finishes on its own.
        }
    }
}

package io.recordflow.app.cli;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.embedded.registry.EmbeddedSchemaRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recordflow registry}: RecordFlow's own Confluent-compatible schema registry as a service of its own, storing
 * schemas in the cluster's {@code _schemas} topic, until SIGTERM or Ctrl-C. For sites without a third-party registry.
 */
@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description = {
            "Serve RecordFlow's schema registry (the Confluent REST subset RecordFlow uses, Avro, BACKWARD "
                    + "compatibility) on 127.0.0.1, storing every schema in the topic _schemas of an existing "
                    + "Kafka cluster (PLAINTEXT listeners only). Only one registry process may serve a cluster at a "
                    + "time. Runs until SIGTERM or Ctrl-C.",
            "Settings: --config FILE and RECORDFLOW_* environment variables (bootstrap.servers; "
                    + "schema.registry.basic.auth.user.info=user:password makes the registry require these "
                    + "credentials)."
        })
public final class RegistryCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryCommand.class);
    /** Confluent Schema Registry's port, which compose files and clients expect. */
    static final int DEFAULT_PORT = 8081;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 picks a free port).")
    private int port = DEFAULT_PORT;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String bootstrap = cluster.clientConfig().bootstrapServers();
        EmbeddedSchemaRegistry.Builder builder =
                EmbeddedSchemaRegistry.builder(bootstrap).port(port);
        Password userInfo = cluster.clientConfig().getPassword(ClientConfig.REGISTRY_USER_INFO);
        if (userInfo != null) {
            // The validator guarantees user:password.
            int colon = userInfo.value().indexOf(':');
            builder.basicAuth(
                    userInfo.value().substring(0, colon), userInfo.value().substring(colon + 1));
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "recordflow-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedSchemaRegistry registry = builder.start()) {
            out.printf(
                    "recordflow registry: serving %s, schemas in topic %s on %s; stop with SIGTERM or Ctrl-C%n",
                    registry.url(), EmbeddedSchemaRegistry.DEFAULT_TOPIC, bootstrap);
            out.flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                // In-process callers stop the registry by interrupting its thread: the same as SIGTERM.
                LOG.info("recordflow registry: interrupted, stopping");
            }
            LOG.info("recordflow registry: stopping");
        }
        removeHook(hook);
        return ExitCode.OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook has run.
        }
    }
}

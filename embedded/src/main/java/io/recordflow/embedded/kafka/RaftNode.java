package io.recordflow.embedded.kafka;

import io.recordflow.embedded.jvm.JvmExitGuard;
import java.net.BindException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@link KafkaRaftServer}: starts it on a separate thread so a node that never comes up fails the caller
 * after a bounded wait, and stops it.
 */
final class RaftNode {

    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
    // Kafka enforces server.max.startup.time.ms itself; this guard only catches waits outside that deadline.
    private static final Duration GUARD_GRACE = Duration.ofSeconds(15);

    private final KafkaRaftServer server;

    private RaftNode(KafkaRaftServer server) {
        this.server = server;
    }

    /**
     * Starts a node with these server properties.
     *
     * @throws PortInUseException when a listener port was taken, so the caller may retry on other ports
     * @throws EmbeddedKafkaException on any other failure or when start-up exceeds {@code timeout}
     */
    static RaftNode start(Map<String, String> serverProperties, Duration timeout) {
        KafkaRaftServer server;
        JvmExitGuard.acquire();
        try {
            server = new KafkaRaftServer(new KafkaConfig(serverProperties, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            JvmExitGuard.release();
            throw new EmbeddedKafkaException(
                    "Invalid configuration or storage for the Kafka node: " + e.getMessage(), e);
        }
        ExecutorService starter = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-kafka-startup");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<?> startup = starter.submit(server::startup);
            awaitStartup(startup, server, timeout);
            return new RaftNode(server);
        } finally {
            starter.shutdownNow();
        }
    }

    private static void awaitStartup(Future<?> startup, KafkaRaftServer server, Duration timeout) {
        try {
            startup.get(timeout.plus(GUARD_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            startup.cancel(true);
            stopQuietly(server);
            throw new EmbeddedKafkaException("Kafka node did not start within " + timeout, e);
        } catch (ExecutionException e) {
            stopQuietly(server);
            Throwable cause = e.getCause();
            if (hasCause(cause, BindException.class)) {
                throw new PortInUseException(cause);
            }
            if (hasCause(cause, TimeoutException.class)) {
                throw new EmbeddedKafkaException(
                        "Kafka node did not start within " + timeout + ": " + cause.getMessage(), cause);
            }
            throw new EmbeddedKafkaException("Kafka node failed to start: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(server);
            throw new EmbeddedKafkaException("Interrupted while starting the Kafka node", e);
        }
    }

    void stop() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            JvmExitGuard.release();
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            new RaftNode(server).stop();
        } catch (RuntimeException e) {
            // The start-up failure is what the caller must see; a failing clean-up is only worth a log line.
            LOG.warn("Error while stopping a Kafka node that failed to start", e);
        }
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A listener port was taken between choosing it and binding it. */
    static final class PortInUseException extends EmbeddedKafkaException {

        private static final long serialVersionUID = 1L;

        PortInUseException(Throwable cause) {
            super("Kafka node could not bind its ports: " + cause.getMessage(), cause);
        }
    }
}

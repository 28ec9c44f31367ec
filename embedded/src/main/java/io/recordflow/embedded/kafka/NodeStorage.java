package io.recordflow.embedded.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk layout of one embedded KRaft node: the formatted log directory (which also holds the metadata log)
 * and a small file remembering the ports, so a persistent node comes back on the same address.
 */
final class NodeStorage {

    private static final Logger LOG = LoggerFactory.getLogger(NodeStorage.class);
    private static final String LOG_DIR = "kraft-combined-logs";
    private static final String META_PROPERTIES = "meta.properties";
    private static final String PORTS_FILE = "embedded-kafka.properties";
    private static final String BROKER_PORT = "broker.port";
    private static final String CONTROLLER_PORT = "controller.port";

    private final Path root;

    NodeStorage(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path logDir() {
        return root.resolve(LOG_DIR);
    }

    /**
     * Formats the log directory for a new cluster unless an earlier run already did, adding the SCRAM credentials
     * ({@code --add-scram} arguments) to a new cluster's metadata; returns the node's identity.
     */
    NodeIdentity formatIfNeeded(int nodeId, String controllerListenerName, List<String> scramArguments) {
        Path metaProperties = logDir().resolve(META_PROPERTIES);
        if (Files.exists(metaProperties)) {
            NodeIdentity identity = readIdentity(metaProperties);
            LOG.info(
                    "Reusing formatted Kafka storage {} (cluster {}, node {})",
                    logDir(),
                    identity.clusterId(),
                    identity.nodeId());
            return identity;
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(formatterOutput, true, StandardCharsets.UTF_8)) {
            Files.createDirectories(logDir());
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir().toString()))
                    .setMetadataLogDirectory(logDir().toString())
                    .setControllerListenerName(controllerListenerName)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setScramArguments(scramArguments)
                    .run();
        } catch (Exception e) {
            throw new EmbeddedKafkaException(
                    "Could not format Kafka storage in " + logDir() + ": " + e.getMessage(), e);
        }
        LOG.debug(
                "Kafka storage formatter: {}",
                formatterOutput.toString(StandardCharsets.UTF_8).trim());
        return new NodeIdentity(clusterId, nodeId);
    }

    /** The broker port of the previous run, or 0 when none was recorded. */
    int previousBrokerPort() {
        return Integer.parseInt(readPorts().getProperty(BROKER_PORT, "0"));
    }

    /** The controller port of the previous run, or 0 when none was recorded. */
    int previousControllerPort() {
        return Integer.parseInt(readPorts().getProperty(CONTROLLER_PORT, "0"));
    }

    void rememberPorts(int brokerPort, int controllerPort) {
        Properties ports = new Properties();
        ports.setProperty(BROKER_PORT, Integer.toString(brokerPort));
        ports.setProperty(CONTROLLER_PORT, Integer.toString(controllerPort));
        try (OutputStream out = Files.newOutputStream(root.resolve(PORTS_FILE))) {
            ports.store(out, "Ports of the embedded Kafka node; reused on the next start when free");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + root.resolve(PORTS_FILE), e);
        }
    }

    private Properties readPorts() {
        return load(root.resolve(PORTS_FILE));
    }

    private static NodeIdentity readIdentity(Path metaProperties) {
        Properties meta = load(metaProperties);
        String clusterId = meta.getProperty("cluster.id");
        String nodeId = meta.getProperty("node.id");
        if (clusterId == null || nodeId == null) {
            throw new EmbeddedKafkaException(
                    metaProperties + " lacks cluster.id or node.id; the storage is not a KRaft node's");
        }
        return new NodeIdentity(clusterId, Integer.parseInt(nodeId.trim()));
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + file, e);
            }
        }
        return properties;
    }

    /** Cluster id and node id written into the storage by the formatter. */
    record NodeIdentity(String clusterId, int nodeId) {}
}

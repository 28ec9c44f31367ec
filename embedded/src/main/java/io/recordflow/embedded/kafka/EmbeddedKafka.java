package io.recordflow.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (combined KRaft broker and controller) running in this JVM on 127.0.0.1,
 * for integration tests and the local mode. Closing it stops the node and, unless it was built on a persistent
 * {@linkplain Builder#dataDir(Path) data directory}, deletes its storage.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int DEFAULT_NODE_ID = 1;
    private static final int PORT_ATTEMPTS = 3;

    private final NodeStorage storage;
    private final boolean persistent;
    private final String clusterId;
    private final String bootstrapServers;
    private final Map<String, String> secureBootstrapServers;
    private final RaftNode node;
    private final TopicAdmin topics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(
            NodeStorage storage,
            boolean persistent,
            String clusterId,
            String bootstrapServers,
            Map<String, String> secureBootstrapServers,
            RaftNode node,
            TopicAdmin topics) {
        this.storage = storage;
        this.persistent = persistent;
        this.clusterId = clusterId;
        this.bootstrapServers = bootstrapServers;
        this.secureBootstrapServers = Map.copyOf(secureBootstrapServers);
        this.node = node;
        this.topics = topics;
    }

    /** Starts a node with default settings in a fresh temporary directory that is deleted on close. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The {@code bootstrap.servers} value of the {@linkplain Builder#listener(SecureListener) secure listener}
     * named {@code listenerName}, e.g. {@link SecureListener#SASL_SSL}.
     *
     * @throws IllegalStateException when the node was built without that listener
     */
    public String bootstrapServers(String listenerName) {
        String servers = secureBootstrapServers.get(listenerName);
        if (servers == null) {
            throw new IllegalStateException("The embedded Kafka node has no " + listenerName
                    + " listener; add it with EmbeddedKafka.builder().listener(...)");
        }
        return servers;
    }

    public String clusterId() {
        return clusterId;
    }

    /** The directory holding this node's storage. */
    public Path dataDir() {
        return storage.root();
    }

    /** A fresh, mutable map with {@code bootstrap.servers}, to which callers add their client settings. */
    public Map<String, Object> adminProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /** Creates a topic with replication factor 1 and waits until all partitions have a leader; fails if it exists. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Like {@link #createTopic(String, int)} with topic configs such as {@code cleanup.policy=compact}. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        topics.create(name, partitions, configs, true);
    }

    /** Creates the topic unless it exists (for a persistent node resuming earlier work); true when it was created. */
    public boolean ensureTopic(String name, int partitions, Map<String, String> configs) {
        return topics.create(name, partitions, configs, false);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Stopping embedded Kafka at {}", bootstrapServers);
        try {
            topics.close();
            node.stop();
        } finally {
            if (!persistent) {
                deleteDirectory(storage.root());
            }
        }
    }

    private static void deleteDirectory(Path directory) {
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the embedded Kafka directory " + directory, e);
        }
    }

    /** Settings of an {@link EmbeddedKafka} node; every one has a default. */
    public static final class Builder {

        private Path dataDir;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private final Map<String, SecureListener> secureListeners = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Keeps the node's storage in {@code dataDir} and leaves it there on close; starting again on the same
         * directory resumes the same cluster (topics, records, offsets) on the same ports when they are free.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** How long start-up and admin operations may take before they fail; 60 seconds by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
            }
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** Overrides or adds a broker setting, e.g. {@code auto.create.topics.enable=false}. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds a SASL_SSL or mutual-TLS client listener on a free loopback port, beside the PLAINTEXT one; its
         * address is {@link EmbeddedKafka#bootstrapServers(String)}. At most one listener per name.
         */
        public Builder listener(SecureListener listener) {
            Objects.requireNonNull(listener, "listener");
            if (secureListeners.putIfAbsent(listener.name(), listener) != null) {
                throw new IllegalArgumentException("A " + listener.name() + " listener was already added");
            }
            return this;
        }

        /** Formats the storage if needed, starts the node and waits until it serves clients. */
        public EmbeddedKafka start() {
            boolean persistent = dataDir != null;
            NodeStorage storage = new NodeStorage(persistent ? createDirectories(dataDir) : createTempDirectory());
            try {
                return start(storage, persistent);
            } catch (RuntimeException e) {
                if (!persistent) {
                    deleteDirectory(storage.root());
                }
                throw e;
            }
        }

        private EmbeddedKafka start(NodeStorage storage, boolean persistent) {
            long started = System.nanoTime();
            NodeStorage.NodeIdentity identity =
                    storage.formatIfNeeded(DEFAULT_NODE_ID, BrokerConfig.CONTROLLER_LISTENER, scramArguments());
            int preferredBroker = storage.previousBrokerPort();
            int preferredController = storage.previousControllerPort();
            for (int attempt = 1; ; attempt++) {
                int[] ports = Ports.choose(portRequest(preferredBroker, preferredController));
                int brokerPort = ports[0];
                int controllerPort = ports[1];
                Map<SecureListener, Integer> securePorts = new LinkedHashMap<>();
                int next = 2;
                for (SecureListener listener : secureListeners.values()) {
                    securePorts.put(listener, ports[next++]);
                }
                try {
                    RaftNode node = RaftNode.start(
                            BrokerConfig.of(
                                    identity.nodeId(),
                                    storage.logDir(),
                                    brokerPort,
                                    controllerPort,
                                    startupTimeout,
                                    securePorts,
                                    brokerProperties),
                            startupTimeout);
                    storage.rememberPorts(brokerPort, controllerPort);
                    EmbeddedKafka kafka = connect(storage, persistent, identity, brokerPort, securePorts, node);
                    LOG.info(
                            "Embedded Kafka (cluster {}) serving at {} from {} after {} ms",
                            identity.clusterId(),
                            kafka.bootstrapServers(),
                            storage.root(),
                            Duration.ofNanos(System.nanoTime() - started).toMillis());
                    return kafka;
                } catch (RaftNode.PortInUseException e) {
                    // Another process took a port between choosing and binding it: choose again.
                    if (attempt == PORT_ATTEMPTS) {
                        throw e;
                    }
                    LOG.warn("{}; retrying on other ports", e.getMessage());
                    preferredBroker = 0;
                    preferredController = 0;
                }
            }
        }

        /** Broker, controller, then one port per secure listener; 0 asks for any free port. */
        private int[] portRequest(int preferredBroker, int preferredController) {
            int[] request = new int[2 + secureListeners.size()];
            request[0] = preferredBroker;
            request[1] = preferredController;
            return request;
        }

        private EmbeddedKafka connect(
                NodeStorage storage,
                boolean persistent,
                NodeStorage.NodeIdentity identity,
                int brokerPort,
                Map<SecureListener, Integer> securePorts,
                RaftNode node) {
            String bootstrapServers = Ports.HOST + ":" + brokerPort;
            Map<String, String> secureBootstrapServers = new HashMap<>();
            securePorts.forEach(
                    (listener, port) -> secureBootstrapServers.put(listener.name(), Ports.HOST + ":" + port));
            TopicAdmin topics = null;
            try {
                topics = new TopicAdmin(
                        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), startupTimeout);
                topics.awaitNodeReady();
                return new EmbeddedKafka(
                        storage,
                        persistent,
                        identity.clusterId(),
                        bootstrapServers,
                        secureBootstrapServers,
                        node,
                        topics);
            } catch (RuntimeException e) {
                if (topics != null) {
                    topics.close();
                }
                node.stop();
                throw e;
            }
        }

        private List<String> scramArguments() {
            List<String> arguments = new ArrayList<>();
            secureListeners
                    .values()
                    .forEach(listener -> listener.scramArgument().ifPresent(arguments::add));
            return arguments;
        }

        private static Path createDirectories(Path directory) {
            try {
                return Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create the embedded Kafka directory " + directory, e);
            }
        }

        private static Path createTempDirectory() {
            // Builds often point java.io.tmpdir at a folder under target/ that nobody created yet.
            Path tmp = createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
            try {
                return Files.createTempDirectory(tmp, "embedded-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create a temporary directory in " + tmp, e);
            }
        }
    }
}

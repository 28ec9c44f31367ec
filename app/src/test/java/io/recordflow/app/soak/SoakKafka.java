package io.recordflow.app.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import kafka.tools.StorageTool;

/**
 * The soak's Kafka cluster: three combined broker+controller KRaft nodes, each a {@code kafka.Kafka server.properties}
 * process on 127.0.0.1, with the cluster settings of docker-compose.yml's {@code x-kafka-env} (replication factor 3,
 * min ISR 2, ...) and storage formatted with Kafka's storage tool, as an operator sets up a cluster (the tool's
 * {@code format} command with the operator's arguments, run in the soak's JVM).
 */
final class SoakKafka {

    private static final int NODES = 3;
    /** Compose settings that name containers, paths or the JVM rather than the cluster's behaviour. */
    private static final List<String> SITE_SPECIFIC = List.of(
            "CLUSTER_ID",
            "KAFKA_HEAP_OPTS",
            "KAFKA_LOG_DIRS",
            "KAFKA_CONTROLLER_QUORUM_VOTERS",
            "KAFKA_LISTENERS",
            "KAFKA_ADVERTISED_LISTENERS",
            "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP");

    private final List<SoakProcess> nodes;
    private final String bootstrapServers;

    private SoakKafka(List<SoakProcess> nodes, String bootstrapServers) {
        this.nodes = nodes;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Writes {@code server.properties} for each node under {@code work}, formats each node's storage with the storage
     * tool and starts the three nodes. {@code composeKafkaEnv} is compose's shared Kafka environment.
     */
    static SoakKafka start(Path work, Map<String, String> composeKafkaEnv, String classPath, String log4jConfig)
            throws IOException, InterruptedException {
        int[] brokerPorts = new int[NODES];
        int[] controllerPorts = new int[NODES];
        StringJoiner voters = new StringJoiner(",");
        StringJoiner bootstrap = new StringJoiner(",");
        for (int i = 0; i < NODES; i++) {
            brokerPorts[i] = SoakProcess.freePort();
            controllerPorts[i] = SoakProcess.freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
            bootstrap.add("127.0.0.1:" + brokerPorts[i]);
        }
        String clusterId = composeKafkaEnv.get("CLUSTER_ID");
        List<SoakProcess> nodes = new ArrayList<>();
        List<Format> formats = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            int nodeId = i + 1;
            Path dir = Files.createDirectories(work.resolve("kafka-" + nodeId));
            Map<String, String> props = new TreeMap<>(serverSettings(composeKafkaEnv));
            props.put("node.id", Integer.toString(nodeId));
            props.put("log.dirs", dir.resolve("data").toString());
            props.put("controller.quorum.voters", voters.toString());
            props.put(
                    "listeners",
                    "PLAINTEXT://127.0.0.1:" + brokerPorts[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i]);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[i]);
            props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            Path serverProperties = dir.resolve("server.properties");
            write(serverProperties, props);
            List<String> jvm = List.of("-Xms256m", "-Xmx512m", "-cp", classPath, log4jConfig);
            formats.add(new Format(dir, serverProperties));
            nodes.add(new SoakProcess(
                    "kafka-" + nodeId,
                    SoakProcess.javaCommand(jvm, "kafka.Kafka", serverProperties.toString()),
                    Map.of(),
                    dir,
                    new AtomicLong()));
        }
        for (Format format : formats) {
            format.run(clusterId);
        }
        for (SoakProcess node : nodes) {
            node.start();
        }
        return new SoakKafka(nodes, bootstrap.toString());
    }

    /** Compose's {@code KAFKA_FOO_BAR} variables as the image turns them into {@code foo.bar} server settings. */
    static Map<String, String> serverSettings(Map<String, String> composeKafkaEnv) {
        Map<String, String> settings = new TreeMap<>();
        composeKafkaEnv.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !SITE_SPECIFIC.contains(name)) {
                settings.put(
                        name.substring("KAFKA_".length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '.'),
                        value);
            }
        });
        return settings;
    }

    /**
     * One node's {@code kafka-storage format -t <cluster id> -c server.properties}: Kafka's storage tool with the
     * operator's arguments, run in this JVM (its entry point without the {@code System.exit}); as three separate JVMs
     * the formats took 10-30 s of a loaded 2-core machine before any node could start.
     */
    private record Format(Path dir, Path serverProperties) {
        void run(String clusterId) throws IOException {
            Path log = dir.resolve("format.log");
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit;
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exit = StorageTool.execute(
                        new String[] {"format", "-t", clusterId, "-c", serverProperties.toString()}, out);
            } catch (RuntimeException e) {
                Files.writeString(log, output.toString(StandardCharsets.UTF_8) + e);
                throw new IllegalStateException("kafka-storage format failed in " + dir + ": " + e.getMessage(), e);
            }
            Files.writeString(log, output.toString(StandardCharsets.UTF_8));
            if (exit != 0) {
                throw new IllegalStateException(
                        "kafka-storage format failed in " + dir + " (exit " + exit + "): " + Files.readString(log));
            }
        }
    }

    private static void write(Path file, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(
                    out, "RecordFlow soak: one KRaft node (broker+controller), settings from docker-compose.yml");
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    List<SoakProcess> nodes() {
        return nodes;
    }
}

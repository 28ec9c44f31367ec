package io.recordflow.embedded.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The server properties of a single combined broker+controller node on the loopback interface, tuned so that
 * everything a one-node cluster can support works: transactions, exactly_once_v2, share groups, compaction.
 */
final class BrokerConfig {

    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerConfig() {}

    static Map<String, String> of(
            int nodeId,
            Path logDir,
            int brokerPort,
            int controllerPort,
            Duration startupTimeout,
            Map<SecureListener, Integer> secureListeners,
            Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", nodeId + "@" + Ports.HOST + ":" + controllerPort);
        StringBuilder listeners = new StringBuilder(listener(BROKER_LISTENER, brokerPort));
        StringBuilder advertised = new StringBuilder(listener(BROKER_LISTENER, brokerPort));
        StringBuilder protocols = new StringBuilder(BROKER_LISTENER + ":PLAINTEXT");
        secureListeners.forEach((secure, port) -> {
            listeners.append(',').append(listener(secure.name(), port));
            advertised.append(',').append(listener(secure.name(), port));
            protocols.append(',').append(secure.name()).append(':').append(secure.securityProtocol());
            props.putAll(secure.brokerProperties());
        });
        listeners.append(',').append(listener(CONTROLLER_LISTENER, controllerPort));
        protocols.append(',').append(CONTROLLER_LISTENER).append(":PLAINTEXT");
        props.put("listeners", listeners.toString());
        props.put("advertised.listeners", advertised.toString());
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());
        // Kafka waits forever by default; a broker that cannot come up must fail the caller instead.
        props.put("server.max.startup.time.ms", Long.toString(startupTimeout.toMillis()));

        // One node: every internal topic must be satisfiable with a single replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");

        // Consumer groups (and Streams apps) start at once instead of waiting for more members.
        props.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner's default 128 MB dedupe buffer is far more than a local node needs.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("num.recovery.threads.per.data.dir", "1");

        props.putAll(overrides);
        return props;
    }

    private static String listener(String name, int port) {
        return name + "://" + Ports.HOST + ":" + port;
    }
}

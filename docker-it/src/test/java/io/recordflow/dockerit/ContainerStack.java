package io.recordflow.dockerit;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * An apache/kafka broker and Confluent's own schema registry on one Docker network, the images pinned as in
 * docker/docker-compose.yml (override with -Drecordflow.it.kafka.image / -Drecordflow.it.registry.image).
 */
final class ContainerStack implements AutoCloseable {

    static final String KAFKA_IMAGE = System.getProperty("recordflow.it.kafka.image", "apache/kafka:4.4.0");
    static final String REGISTRY_IMAGE =
            System.getProperty("recordflow.it.registry.image", "confluentinc/cp-schema-registry:8.1.0");
    private static final String KAFKA_ALIAS = "kafka:19092";

    private final Network network = Network.newNetwork();
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    private ContainerStack() {
        kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(network).withListener(KAFKA_ALIAS);
        registry = new GenericContainer<>(REGISTRY_IMAGE)
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_ALIAS)
                .withEnv("SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL", "backward")
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
    }

    /** Checks for an engine first (one clear line when there is none), then starts both containers. */
    static ContainerStack start() {
        DockerEngine.require();
        ContainerStack stack = new ContainerStack();
        stack.registry.start();
        return stack;
    }

    String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
    }

    @Override
    public void close() {
        registry.stop();
        kafka.stop();
        network.close();
    }
}

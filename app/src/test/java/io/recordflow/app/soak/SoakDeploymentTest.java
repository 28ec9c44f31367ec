package io.recordflow.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.deploy.DeploymentFiles;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The soak builds its cluster from docker/ as compose would: the same broker settings, the same topics. */
class SoakDeploymentTest {

    private final DeploymentFiles files = DeploymentFiles.locate();

    @Test
    @SuppressWarnings("unchecked")
    void shouldTurnComposesKafkaVariablesIntoServerSettingsWithoutContainerAddresses() {
        Map<String, Object> services = (Map<String, Object>) files.compose().get("services");
        Map<String, Object> kafka1 = (Map<String, Object>) services.get("kafka-1");
        Map<String, String> env = ((Map<String, Object>) kafka1.get("environment"))
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));

        Map<String, String> settings = SoakKafka.serverSettings(env);

        assertThat(settings)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("unclean.leader.election.enable", "false")
                .doesNotContainKeys(
                        "listeners", "advertised.listeners", "log.dirs", "controller.quorum.voters", "heap.opts");
    }

    @Test
    void shouldCreateEveryRecordTopicFromTheComposeScriptReplicatedThreeTimes() throws Exception {
        List<NewTopic> topics =
                SoakTopics.fromScript(files.dockerDir().resolve("kafka/create-topics.sh"), 6, (short) 3, "2");

        assertThat(topics)
                .extracting(NewTopic::name)
                .containsAll(Topics.all().stream().map(Topic::name).toList());
        assertThat(topics).allSatisfy(t -> {
            assertThat(t.replicationFactor()).as(t.name()).isEqualTo((short) 3);
            assertThat(t.numPartitions()).as(t.name()).isEqualTo(6);
            assertThat(t.configs()).as(t.name()).containsEntry("min.insync.replicas", "2");
        });
        assertThat(topics.stream()
                        .filter(t -> t.name().equals(Topics.ENRICHED.name()))
                        .findFirst())
                .map(NewTopic::configs)
                .isEqualTo(Optional.of(Map.of("min.insync.replicas", "2", "cleanup.policy", "compact")));
    }
}

package io.recordflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link EnrichApp}'s thread-failure policy and its group membership on close, on the in-process broker. */
class EnrichAppIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    @TempDir
    Path stateDir;

    @BeforeAll
    static void createTopics() {
        Topics.all().forEach(t -> KAFKA.kafka().createTopic(t.name(), 2));
    }

    private EnrichApp app(String applicationId, StubAnalyzer model) throws Exception {
        return EnrichApp.builder(
                        new EnrichConfig(Map.of(), Map.of()),
                        applicationId,
                        KAFKA.kafka().bootstrapServers())
                .streamsConfig(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                .serdeConfig(REGISTRY.serdeConfig())
                .analyzer(model)
                .build();
    }

    @Test
    void shouldShutTheInstanceDownInsteadOfReplacingAStreamThreadThatDied() throws Exception {
        IllegalStateException defect = new IllegalStateException("defect on the stream thread");
        StubAnalyzer model = new StubAnalyzer(defect);
        EnrichApp app = app("enrich-app-it-failure", model);
        try {
            app.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.ERROR);
            assertThat(app.failure()).isCompleted();
            assertThat(app.failure().join()).hasRootCauseMessage("defect on the stream thread");
            assertThat(app.streamThreads()).isZero();
        } finally {
            app.close(Duration.ofSeconds(10), true);
        }
        assertThat(model.closes).hasValue(1);
    }

    @Test
    void shouldLeaveTheGroupOnCloseOnlyWhenAsked() throws Exception {
        assertThat(membersAfterClose("enrich-app-it-leave", true)).isEmpty();
        assertThat(membersAfterClose("enrich-app-it-stay", false)).hasSize(1);
    }

    private List<?> membersAfterClose(String applicationId, boolean leaveGroup) throws Exception {
        EnrichApp app = app(applicationId, new StubAnalyzer());
        app.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        assertThat(app.close(Duration.ofSeconds(20), leaveGroup)).isTrue();
        try (Admin admin = Admin.create(KAFKA.kafka().adminProperties())) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId))
                    .describedGroups()
                    .get(applicationId)
                    .get();
            return List.copyOf(group.members());
        }
    }
}

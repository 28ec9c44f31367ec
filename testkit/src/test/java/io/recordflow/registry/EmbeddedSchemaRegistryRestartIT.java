package io.recordflow.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.embedded.registry.EmbeddedSchemaRegistry;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Schemas, ids and config survive a registry restart because they live in the _schemas topic. */
class EmbeddedSchemaRegistryRestartIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void shouldServeTheSameIdsAfterARestartAndContinueTheSequence() throws Exception {
        int ingested;
        int enriched;
        int dlq;
        try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(KAFKA.bootstrapServers())) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(first.url()));
            ingested = client.register("records.ingested.v1-value", AgencyRecord.getClassSchema());
            enriched = client.register("records.enriched.v1-value", EnrichedRecord.getClassSchema());
            assertThat(client.register("records.review.v1-value", EnrichedRecord.getClassSchema()))
                    .isEqualTo(enriched);
            dlq = client.register("records.dlq.v1-value", DeadLetter.getClassSchema());
            client.updateCompatibility("records.dlq.v1-value", CompatibilityLevel.FULL_TRANSITIVE);
        }

        try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(KAFKA.bootstrapServers())) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(second.url()));

            assertThat(client.getSchemaById(ingested)).isEqualTo(AgencyRecord.getClassSchema());
            assertThat(client.getSchemaById(dlq)).isEqualTo(DeadLetter.getClassSchema());
            assertThat(client.lookup("records.enriched.v1-value", EnrichedRecord.getClassSchema())
                            .id())
                    .isEqualTo(enriched);
            assertThat(client.register("records.ingested.v1-value", AgencyRecord.getClassSchema()))
                    .isEqualTo(ingested);
            assertThat(client.getAllSubjects())
                    .containsExactly(
                            "records.dlq.v1-value",
                            "records.enriched.v1-value",
                            "records.ingested.v1-value",
                            "records.review.v1-value");
            assertThat(client.getCompatibility("records.dlq.v1-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
            int max = Math.max(ingested, Math.max(enriched, dlq));
            assertThat(client.register("records.audit.v1-value", AuditEvent.getClassSchema()))
                    .isEqualTo(max + 1);
        }
        assertSchemaTopicIsCompactedWithOnePartition();
    }

    private static void assertSchemaTopicIsCompactedWithOnePartition() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>copyOf(KAFKA.adminProperties()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, EmbeddedSchemaRegistry.DEFAULT_TOPIC);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(admin.describeTopics(List.of(EmbeddedSchemaRegistry.DEFAULT_TOPIC))
                            .allTopicNames()
                            .get()
                            .get(EmbeddedSchemaRegistry.DEFAULT_TOPIC)
                            .partitions())
                    .hasSize(1);
        }
    }
}

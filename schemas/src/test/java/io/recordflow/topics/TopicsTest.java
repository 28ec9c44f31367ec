package io.recordflow.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.records.AgencyRecord;
import io.recordflow.registry.InMemorySchemaRegistryClient;
import io.recordflow.serde.SampleRecords;
import io.recordflow.serde.SpecificAvroSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldNameTheFiveVersionedTopicsInPipelineOrder() {
        assertThat(Topics.all())
                .extracting(Topic::name)
                .containsExactly(
                        "records.ingested.v1",
                        "records.enriched.v1",
                        "records.review.v1",
                        "records.dlq.v1",
                        "records.audit.v1");
        assertThat(Topics.all())
                .extracting(t -> t.valueClass().getSimpleName())
                .containsExactly("AgencyRecord", "EnrichedRecord", "EnrichedRecord", "DeadLetter", "AuditEvent");
    }

    @Test
    void shouldNameOneDeadLetterTopicPerSinkConnectorApartFromThePipelineTopics() {
        assertThat(Topics.sinkDeadLetters())
                .extracting(SinkDeadLetterTopic::name)
                .containsExactly("records.sink-dlq.archive.v1", "records.sink-dlq.jdbc.v1")
                .doesNotContainAnyElementsOf(
                        Topics.all().stream().map(Topic::name).toList());
    }

    @Test
    void shouldNameTheSharedAnalysisCacheTopicApartFromThePipelineTopics() {
        assertThat(Topics.ANALYSIS_CACHE.name()).isEqualTo("records.analysis-cache.v1");
        assertThat(Topics.ANALYSIS_CACHE.valueClass().getSimpleName()).isEqualTo("AnalysisCacheEntry");
        assertThat(Topics.all()).doesNotContain(Topics.ANALYSIS_CACHE);
    }

    @Test
    void shouldProvideConfiguredSerdesForKeysAndValues() {
        try (SpecificAvroSerde<AgencyRecord> values =
                        Topics.INGESTED.valueSerde(Map.of("schema.registry.url", "mock://topics-test"));
                Serde<String> keys = Topics.INGESTED.keySerde()) {
            AgencyRecord record = SampleRecords.agencyRecord(5);
            String topic = Topics.INGESTED.name();

            assertThat(values.deserializer()
                            .deserialize(topic, values.serializer().serialize(topic, record)))
                    .isEqualTo(record);
            assertThat(keys.deserializer().deserialize(topic, keys.serializer().serialize(topic, "rec-5")))
                    .isEqualTo("rec-5");
            assertThat(InMemorySchemaRegistryClient.forScope("topics-test").getAllSubjects())
                    .containsExactly(Topics.INGESTED.valueSubject());
        } finally {
            InMemorySchemaRegistryClient.dropScope("topics-test");
        }
    }
}

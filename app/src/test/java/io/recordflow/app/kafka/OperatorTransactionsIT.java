package io.recordflow.app.kafka;

import static io.recordflow.app.fixtures.Enrichments.needingReview;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.app.cli.ScanReporter;
import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.config.ConfigSources;
import io.recordflow.app.dlq.DeadLetterRedriver;
import io.recordflow.app.fixtures.Seeder;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.app.review.HumanDecision;
import io.recordflow.app.review.ReviewDecider;
import io.recordflow.app.review.ReviewSnapshot;
import io.recordflow.app.review.TaxonomyReference;
import io.recordflow.app.status.ClusterStatus;
import io.recordflow.embedded.kafka.EmbeddedKafka;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Stage;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A review decision and a redrive are written together with their audit event in one Kafka transaction: while the
 * audit topic cannot be written (it does not exist and the broker creates no topics), neither the decision nor the
 * redriven record becomes visible to read_committed readers, though both reached the log; once it exists, both are.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorTransactionsIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA =
            new EmbeddedKafkaExtension(EmbeddedKafka.builder().brokerProperty("auto.create.topics.enable", "false"));

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @BeforeAll
    static void seedWithoutAnAuditTopic() {
        List.of(Topics.INGESTED, Topics.ENRICHED, Topics.REVIEW, Topics.DLQ)
                .forEach(t -> KAFKA.createTopic(t.name(), 1));
        try (Seeder seeder = new Seeder(KAFKA.bootstrapServers(), REGISTRY.serdeConfig())) {
            EnrichedRecord r = needingReview("rec-memo", "GRS-5.1-010", 0.4, T);
            seeder.send(Topics.REVIEW, r.getRecordId(), r);
            seeder.send(Topics.ENRICHED, r.getRecordId(), r);
        }
    }

    private static ClientConfig config() {
        return ConfigSources.load(
                null,
                Map.of(),
                Map.of(
                        "bootstrap.servers",
                        KAFKA.bootstrapServers(),
                        "schema.registry.url",
                        REGISTRY.url(),
                        ClientConfig.CLIENT_TIMEOUT_MS,
                        "2000"));
    }

    private static long endOffsets(String topic) {
        try (ClusterStatus status = new ClusterStatus(config())) {
            return status.topics(List.of(topic)).get(0).endOffsets();
        }
    }

    private static List<EnrichedRecord> humanDecisions() {
        return new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url())
                .values(Topics.ENRICHED).stream()
                        .filter(r -> "human".equals(r.getProvenance().getProvider()))
                        .toList();
    }

    private static ReviewDecider.Written decide() {
        ReviewSnapshot data = ReviewSnapshot.read(config(), new ScanReporter(new PrintWriter(Writer.nullWriter())));
        try (OperatorProducer producer = new OperatorProducer(config(), "test-review")) {
            return new ReviewDecider(producer)
                    .decide(
                            data,
                            Optional.of(TaxonomyReference.load("default")),
                            true,
                            "rec-memo",
                            new HumanDecision("GRS-5.2-010", "jdoe", "transitory"));
        }
    }

    private static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setId("dl-1")
                .setStage(Stage.ENRICH)
                .setRecordId("rec-poison")
                .setSourceTopic(Topics.INGESTED.name())
                .setErrorClass("java.net.http.HttpTimeoutException")
                .setErrorMessage("timed out")
                .setAttempts(3)
                .setFailedAt(T)
                .setOriginalKey(ByteBuffer.wrap("rec-poison".getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1, 2}))
                .build();
    }

    @Test
    @Order(1)
    void shouldMakeNeitherTheDecisionNorItsAuditEventVisibleWhenTheAuditEventCannotBeWritten() {
        long before = endOffsets(Topics.ENRICHED.name());

        assertThatThrownBy(OperatorTransactionsIT::decide).isInstanceOf(KafkaException.class);

        assertThat(endOffsets(Topics.ENRICHED.name()))
                .as("the decision reached the log, then its transaction was aborted")
                .isGreaterThan(before);
        assertThat(humanDecisions()).isEmpty();
    }

    @Test
    @Order(2)
    void shouldNotMakeARedrivenRecordVisibleWhenItsAuditEventCannotBeWritten() {
        long before = endOffsets(Topics.INGESTED.name());

        try (OperatorProducer producer = new OperatorProducer(config(), "test-redrive")) {
            DeadLetterRedriver redriver = new DeadLetterRedriver(producer, "olga");
            assertThatThrownBy(() -> redriver.redrive(deadLetter())).isInstanceOf(KafkaException.class);
        }

        assertThat(endOffsets(Topics.INGESTED.name())).isGreaterThan(before);
        assertThat(new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url()).raw(Topics.INGESTED.name()))
                .isEmpty();
    }

    @Test
    @Order(3)
    void shouldMakeTheDecisionAndItsAuditEventVisibleTogetherOnceTheAuditTopicExists() {
        KAFKA.createTopic(Topics.AUDIT.name(), 1);

        ReviewDecider.Written written = decide();

        assertThat(humanDecisions())
                .singleElement()
                .satisfies(r -> assertThat(r.getProvenance().getDecidedBy()).isEqualTo("jdoe"));
        assertThat(new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url()).values(Topics.AUDIT))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetail()).containsEntry("writtenTo", written.position()));
    }
}

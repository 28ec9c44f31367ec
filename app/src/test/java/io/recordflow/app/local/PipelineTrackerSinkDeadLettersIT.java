package io.recordflow.app.local;

import static io.recordflow.app.fixtures.Enrichments.enriched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.fixtures.Seeder;
import io.recordflow.app.local.PipelineTracker.Progress;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sinks' dead letters in the run's books, against a real broker: Connect writes them as the raw bytes it consumed,
 * so the tracker counts them (key = recordId) instead of decoding them.
 */
class PipelineTrackerSinkDeadLettersIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void shouldCountTheSinksDeadLettersWhichAreRawBytesAndShowThemInTheStatusLine() {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 1));
        Topics.sinkDeadLetters().forEach(t -> KAFKA.createTopic(t.name(), 1));
        try (Seeder seeder = new Seeder(KAFKA.bootstrapServers(), REGISTRY.serdeConfig());
                PipelineTracker tracker = new PipelineTracker(KAFKA.bootstrapServers(), REGISTRY.serdeConfig())) {
            Progress before = tracker.catchUp(List.of());
            assertThat(before.sinkDeadLettered()).isZero();
            assertThat(before.line()).doesNotContain("sink dead-lettered");

            for (int i = 0; i < 3; i++) {
                seeder.sendBytes(Topics.INGESTED.name(), "s-" + i, new byte[] {1});
                seeder.send(Topics.ENRICHED, "s-" + i, enriched("s-" + i, "A", 0.9, T));
            }
            // as Connect writes them: the bytes it consumed, which need not decode as anything
            seeder.sendBytes(Topics.JDBC_SINK_DLQ.name(), "s-0", new byte[] {0, 0, 0, 0, 42, 7});
            seeder.sendBytes(Topics.JDBC_SINK_DLQ.name(), "s-1", new byte[] {(byte) 0xff});
            seeder.sendBytes(Topics.ARCHIVE_SINK_DLQ.name(), "s-2", new byte[] {});

            AtomicReference<Progress> done = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                done.set(tracker.poll(Duration.ofMillis(200), List.of()));
                return done.get().settled();
            });
            assertThat(done.get().sinkDeadLettered()).isEqualTo(3);
            assertThat(done.get().sinkDeadLetters())
                    .containsEntry(Topics.JDBC_SINK_DLQ.name(), 2)
                    .containsEntry(Topics.ARCHIVE_SINK_DLQ.name(), 1);
            assertThat(done.get().deadLettered()).as("enrich dead letters").isZero();
            assertThat(done.get().line())
                    .isEqualTo("ingested 3 | enriched 3 | in review 0 | dead-lettered 0 | sink dead-lettered 3");
        }
    }
}

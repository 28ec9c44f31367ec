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

/** The run's completion criterion against a real broker: settled only once every committed record was read. */
class PipelineTrackerIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final int RECORDS = 600;
    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void shouldSettleOnlyAfterReadingEveryIngestedRecordAndSeeingEachEnriched() {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
        Topics.sinkDeadLetters().forEach(t -> KAFKA.createTopic(t.name(), 1));
        try (Seeder seeder = new Seeder(KAFKA.bootstrapServers(), REGISTRY.serdeConfig());
                PipelineTracker tracker = new PipelineTracker(KAFKA.bootstrapServers(), REGISTRY.serdeConfig())) {
            for (int i = 0; i < RECORDS; i++) {
                seeder.sendBytes(Topics.INGESTED.name(), "r-" + i, new byte[] {1});
            }

            // Nothing read yet: "every ingested record is enriched" must not hold for the empty set read so far.
            Progress first = tracker.poll(Duration.ZERO, List.of());
            assertThat(first.unread()).isPositive();
            assertThat(first.settled()).isFalse();

            AtomicReference<Progress> read = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                read.set(tracker.poll(Duration.ofMillis(200), List.of()));
                return read.get().unread() == 0;
            });
            assertThat(read.get().ingested()).isEqualTo(RECORDS);
            assertThat(read.get().waitingForEnrich()).isEqualTo(RECORDS);
            assertThat(read.get().settled()).isFalse();

            for (int i = 0; i < RECORDS; i++) {
                seeder.send(Topics.ENRICHED, "r-" + i, enriched("r-" + i, "A", 0.9, T));
            }
            AtomicReference<Progress> done = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                done.set(tracker.poll(Duration.ofMillis(200), List.of()));
                return done.get().settled();
            });
            assertThat(done.get().enriched()).isEqualTo(RECORDS);
            assertThat(done.get().waitingForEnrich()).isZero();
        }
    }
}

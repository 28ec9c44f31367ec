package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleUpToMaximumWithJitterInUpperHalf() {
        Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);
        Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.999_999);

        assertThat(low.delayMillis(1)).isEqualTo(500);
        assertThat(high.delayMillis(1)).isEqualTo(999);
        assertThat(low.delayMillis(3)).isEqualTo(2_000);
        assertThat(high.delayMillis(20)).isEqualTo(29_999);
        assertThat(low.delayMillis(200)).isEqualTo(15_000);
    }

    @Test
    void shouldRoundTripPendingEntryWithOriginalBytes() {
        PendingEntry entry = new PendingEntry(
                7, "r-1", new byte[] {0, 1, 2}, "records.ingested.v1", 1, 42, 1000, 2000, 0, 2000, null);

        PendingEntry copy =
                PendingEntry.fromBytes(entry.retryAt(5000, "timeout").toBytes());

        assertThat(copy.value()).containsExactly(0, 1, 2);
        assertThat(copy.attempts()).isEqualTo(1);
        assertThat(copy.nextAttemptAt()).isEqualTo(5000);
        assertThat(copy.lastError()).isEqualTo("timeout");
        assertThat(copy.position()).isEqualTo("records.ingested.v1-1@42");
        assertThat(PendingEntry.storeKey(7)).isEqualTo("0000000000000000007");
    }
}

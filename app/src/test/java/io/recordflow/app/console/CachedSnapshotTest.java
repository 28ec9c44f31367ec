package io.recordflow.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedSnapshotTest {

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger scans = new AtomicInteger();
    private final CachedSnapshot<Integer> cache =
            new CachedSnapshot<>(scans::incrementAndGet, Duration.ofSeconds(3), clock);

    @Test
    void shouldScanOnceForAllRequestsWithinTheMaximumAge() {
        assertThat(cache.get()).isEqualTo(1);
        clock.now = clock.now.plusMillis(2_999);

        assertThat(cache.get()).isEqualTo(1);
        assertThat(scans).hasValue(1);
    }

    @Test
    void shouldScanAgainOnceTheSnapshotIsTheMaximumAgeOld() {
        cache.get();
        clock.now = clock.now.plusSeconds(3);

        assertThat(cache.get()).isEqualTo(2);
        assertThat(cache.get()).isEqualTo(2);
    }

    @Test
    void shouldScanAgainAfterThisConsoleWrote() {
        cache.get();

        cache.invalidate();

        assertThat(cache.get()).isEqualTo(2);
    }

    @Test
    void shouldGiveADecisionAFreshSnapshotAndReuseItAfterwards() {
        cache.get();

        assertThat(cache.fresh()).isEqualTo(2);
        assertThat(cache.get()).isEqualTo(2);
    }

    @Test
    void shouldScanOnEveryRequestWhenTheMaximumAgeIsZero() {
        CachedSnapshot<Integer> uncached = new CachedSnapshot<>(scans::incrementAndGet, Duration.ZERO, clock);

        uncached.get();
        uncached.get();

        assertThat(scans).hasValue(2);
    }
}

package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

class WindowedLatencyLimitTest {
    private static final long SERVICE = TimeUnit.MILLISECONDS.toNanos(400);

    /** What the default call timeout, 120 s, allows: a third of it. */
    private static final Duration LONGEST = Duration.ofSeconds(40);

    private final WindowedLatencyLimit limit = new WindowedLatencyLimit(8, 128, LONGEST);
    private long now;

    /**
     * Round trips with as many calls open as the limit allows, answered spread over a millisecond at the latency
     * {@code latency} gives for the round's limit; the limit of each round.
     */
    private List<Integer> rounds(int count, IntToLongFunction latency) {
        return rounds(limit, count, latency);
    }

    private List<Integer> rounds(WindowedLatencyLimit target, int count, IntToLongFunction latency) {
        List<Integer> limits = new ArrayList<>();
        for (int round = 0; round < count; round++) {
            int open = target.getLimit();
            limits.add(open);
            long rtt = latency.applyAsLong(open);
            for (int call = 0; call < open; call++) {
                target.onSample(now, rtt + call * 1_000L, open, false);
            }
            now += rtt + open * 1_000L;
        }
        return limits;
    }

    /** A server with {@code slots} slots: with more calls open, each waits for its share of them. */
    private static IntToLongFunction server(int slots) {
        return open -> (long) (SERVICE * Math.max(1.0, open / (double) slots));
    }

    @Test
    void shouldQuadrupleWhileTheServerShowsNoQueue() {
        List<Integer> limits = rounds(12, server(1_000));

        // The first window is the first round trip; after it, one round trip to settle and one to measure per step.
        assertThat(limits).as("%s", limits).startsWith(8, 32, 32, 128);
        assertThat(limits.get(limits.size() - 1)).isEqualTo(128);
    }

    @Test
    void shouldGrowNoMoreThanKeepsTheAnswersWithinTheLongestLatencyShouldTheServerHaveNoIdleSlot() {
        // A CPU-only server taking 30 s a call, with slots to spare. Quadrupling 8 calls would have answers wait 120 s,
        // the call timeout, had the server had 8 slots: each growth stays within 40 s over 30 s of the estimate.
        List<Integer> limits =
                rounds(new WindowedLatencyLimit(8, 128, LONGEST), 8, open -> TimeUnit.SECONDS.toNanos(30));

        assertThat(limits).as("%s", limits).startsWith(8, 10, 10, 14, 14, 18);
    }

    @Test
    void shouldShrinkInProportionToTheQueueAndSettleWithinTheBand() {
        List<Integer> limits = rounds(200, server(16));

        // Latency over no-load latency within 1.2-1.5: 20 to 24 calls open for 16 slots (none idle, a short queue);
        // drains to half the limit for a window every 50 windows.
        List<Integer> settled = limits.subList(100, 200);
        assertThat(settled).as("%s", limits).allMatch(l -> l >= 8 && l <= 24);
        assertThat(settled.stream().filter(l -> l >= 16).count())
                .as("%s", limits)
                .isGreaterThan(85);
    }

    @Test
    void shouldHalveForOneWindowEveryFiftyWindowsToMeasureTheNoLoadLatencyAgain() {
        List<Integer> limits = rounds(300, server(16));

        List<Integer> settled = limits.subList(100, 300);
        assertThat(settled).as("drains: %s", limits).anyMatch(l -> l <= 12);
        // After a drain the limit goes back to where it was.
        int drain = settled.indexOf(
                settled.stream().filter(l -> l <= 12).findFirst().orElseThrow());
        assertThat(settled.subList(drain, Math.min(settled.size(), drain + 6))).anyMatch(l -> l >= 16);
    }

    @Test
    void shouldFollowAServerThatGotSlowerInsteadOfShrinkingToOne() {
        rounds(100, server(16));

        // Every call now takes twice as long, queue or not: only a fresh no-load latency tells that from a queue.
        List<Integer> limits = rounds(300, open -> 2 * server(16).applyAsLong(open));

        assertThat(limits.subList(200, 300)).as("%s", limits).allMatch(l -> l >= 8);
        assertThat(limits.subList(200, 300).stream().filter(l -> l >= 16).count())
                .isGreaterThan(85);
    }

    @Test
    void shouldNotGrowWhenTheBacklogLeavesMostOfTheLimitUnused() {
        rounds(6, server(1_000));
        int before = limit.getLimit();

        for (int round = 0; round < 20; round++) {
            for (int call = 0; call < 5; call++) {
                limit.onSample(now, SERVICE + call * 1_000L, 5, false);
            }
            now += SERVICE + 5_000L;
        }

        assertThat(limit.getLimit()).isEqualTo(before);
    }

    @Test
    void shouldNotCountAnswersArrivingWithinOneLatencyOfAChange() {
        rounds(1, server(1_000)); // the first window: 8 -> 32
        assertThat(limit.getLimit()).isEqualTo(32);

        // Answers to calls admitted before the change, ten times as slow, within one latency of it: were they counted,
        // the next window would read a queue (mean 2.4 s) and shrink the limit instead of growing it.
        for (int call = 0; call < 40; call++) {
            limit.onSample(now - 10 * SERVICE, 10 * SERVICE, 8, false);
        }
        rounds(2, server(1_000));

        assertThat(limit.getLimit()).isEqualTo(128);
    }

    @Test
    void shouldWaitForMoreAnswersWhenLatenciesVaryWidely() {
        // Alternating 100 ms and 1.5 s answers, no queue: a window of half the limit would read a queue or none by
        // chance; the window waits until its mean is known to 5 % and then sees no queue.
        List<Integer> limits = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            int open = limit.getLimit();
            limits.add(open);
            for (int call = 0; call < open; call++) {
                long rtt = TimeUnit.MILLISECONDS.toNanos(call % 2 == 0 ? 100 : 1_500);
                limit.onSample(now, rtt + call * 1_000L, open, false);
            }
            now += TimeUnit.MILLISECONDS.toNanos(1_500) + open * 1_000L;
        }

        assertThat(limits).as("%s", limits).allMatch(l -> l >= 8);
        assertThat(limits.get(limits.size() - 1)).as("%s", limits).isGreaterThan(8);
    }
}

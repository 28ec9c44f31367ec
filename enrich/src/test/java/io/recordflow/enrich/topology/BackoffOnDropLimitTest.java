package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.concurrency.limits.limit.VegasLimit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackoffOnDropLimitTest {

    private static final long RTT = TimeUnit.MILLISECONDS.toNanos(800);

    private static BackoffOnDropLimit limit(int initial, int max) {
        return new BackoffOnDropLimit(
                VegasLimit.newBuilder()
                        .initialLimit(initial)
                        .maxConcurrency(max)
                        .build(),
                max);
    }

    @Test
    void shouldCutBelowTheCallsInFlightWhenTheServerRefusesOne() {
        BackoffOnDropLimit limit = limit(20, 128);

        limit.onSample(0, TimeUnit.MILLISECONDS.toNanos(5), 15, true);

        assertThat(limit.getLimit()).isEqualTo(12); // (15 - 1) x 0.9
    }

    @Test
    void shouldCutAtMostByHalfWhenTheRefusedCallStartedWithFewInFlight() {
        BackoffOnDropLimit limit = limit(20, 128);

        limit.onSample(0, TimeUnit.MILLISECONDS.toNanos(5), 3, true);

        assertThat(limit.getLimit()).isEqualTo(10);
    }

    @Test
    void shouldCutOnlyOncePerRoundForRefusalsOfCallsAdmittedBeforeTheCut() {
        BackoffOnDropLimit limit = limit(20, 128);
        limit.onSample(0, 1_000, 15, true);

        limit.onSample(500, 1_000, 16, true);
        limit.onSample(900, 1_000, 17, true);

        assertThat(limit.getLimit()).isEqualTo(12);

        limit.onSample(1_000, 1_000, 9, true);

        assertThat(limit.getLimit()).isEqualTo(7); // a call admitted after the cut was refused as well: cut again
    }

    @Test
    void shouldGrowBackByAboutOnePerRoundOfSuccesses() {
        BackoffOnDropLimit limit = limit(20, 128);
        limit.onSample(0, 1_000, 15, true);

        for (int i = 0; i < 13; i++) {
            limit.onSample(10_000 + i, RTT, 12, false);
        }

        assertThat(limit.getLimit()).isEqualTo(13);
    }

    @Test
    void shouldNotTakeAFastRefusalForTheServersNoLoadLatency() {
        BackoffOnDropLimit limit = limit(8, 128);
        limit.onSample(0, TimeUnit.MILLISECONDS.toNanos(2), 8, true);
        int afterCut = limit.getLimit();

        // Answers at the server's unloaded latency: Vegas must see no queue and the limit must grow, not shrink.
        for (int i = 0; i < 200; i++) {
            limit.onSample(RTT + i, RTT, limit.getLimit(), false);
        }

        assertThat(afterCut).isEqualTo(6);
        assertThat(limit.getLimit()).isGreaterThan(afterCut);
    }

    @Test
    void shouldBackOffWhenLatencyShowsAQueueAndNeverExceedTheCeiling() {
        BackoffOnDropLimit limit = limit(8, 40);
        for (int i = 0; i < 100; i++) {
            limit.onSample(i, RTT, limit.getLimit(), false);
        }
        assertThat(limit.getLimit()).isEqualTo(40);

        // Four slots behind the limit: every call now waits about limit / 4 service times.
        for (int i = 0; i < 400; i++) {
            int inFlight = limit.getLimit();
            limit.onSample(1_000 + i, (long) (RTT * Math.max(1.0, inFlight / 4.0)), inFlight, false);
        }

        // Vegas keeps a small queue (alpha..beta calls) so the slots never idle; its probes let it creep up a little.
        assertThat(limit.getLimit()).isBetween(5, 16);
    }
}

package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackoffOnDropLimitTest {

    private static final long RTT = TimeUnit.MILLISECONDS.toNanos(800);
    private static final long REFUSAL_RTT = TimeUnit.MILLISECONDS.toNanos(2);

    private static BackoffOnDropLimit limit(int initial, int max) {
        return new BackoffOnDropLimit(new WindowedLatencyLimit(initial, max, Duration.ofSeconds(40)), max);
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
        assertThat(limit.plateau()).isEqualTo(17); // 20 in force, 3 refused

        limit.onSample(1_000, 1_000, 9, true);

        assertThat(limit.getLimit()).isEqualTo(7); // a call admitted after the cut was refused as well: cut again
        assertThat(limit.plateau()).isEqualTo(11);
    }

    @Test
    void shouldSetThePlateauToTheLimitLessTheCallsRefusedWhicheverOfThemStartedFirst() {
        BackoffOnDropLimit limit = limit(8, 128);

        // Eight calls admitted together reach the server in any order: the four refused ones started at 2, 3, 6, 8.
        refuseRound(limit, 0, 2, 3, 6, 8);

        assertThat(limit.plateau()).isEqualTo(4);
        assertThat(limit.getLimit()).isEqualTo(4);
    }

    @Test
    void shouldAtMostHalveThePlateauInOneRound() {
        BackoffOnDropLimit limit = limit(8, 128);

        refuseRound(limit, 0, 2, 3, 4, 5, 6, 7, 8);

        assertThat(limit.plateau()).isEqualTo(4);
    }

    @Test
    void shouldRegrowQuicklyToThePlateauAndHoldThereForAQuietPeriod() {
        BackoffOnDropLimit limit = limit(20, 128);
        refuseRound(limit, 0, 16, 17, 18, 19, 20);
        assertThat(limit.plateau()).isEqualTo(15);
        assertThat(limit.getLimit()).isEqualTo(13); // 90 % of the 15 calls before the first refused one

        for (int i = 0; i < 2; i++) {
            limit.onSample(10_000 + i, RTT, 13, false);
        }
        assertThat(limit.getLimit()).isEqualTo(15); // one per success up to the plateau

        // Up to quiet rounds at the plateau (15 calls per round) minus one success: no probe yet.
        for (int i = 0; i < BackoffOnDropLimit.QUIET_ROUNDS * 15 - 1; i++) {
            limit.onSample(20_000 + i, RTT, 15, false);
        }
        assertThat(limit.getLimit()).isEqualTo(15);

        limit.onSample(30_000, RTT, 15, false);
        assertThat(limit.getLimit()).isEqualTo(16); // one call above the plateau is tried
    }

    @Test
    void shouldGoBackToThePlateauWithoutACutWhenTheProbeAboveItIsRefused() {
        BackoffOnDropLimit limit = limit(8, 128);
        refuseRound(limit, 0, 5, 6, 7, 8);
        assertThat(limit.plateau()).isEqualTo(4);
        for (int i = 0; i < BackoffOnDropLimit.QUIET_ROUNDS * 4; i++) {
            limit.onSample(10_000 + i, RTT, 4, false);
        }
        assertThat(limit.getLimit()).isEqualTo(5);

        limit.onSample(20_000, 1_000, 5, true);

        assertThat(limit.getLimit()).isEqualTo(4);
        assertThat(limit.plateau()).isEqualTo(4);
    }

    @Test
    void shouldLowerThePlateauWhenACallIsRefusedAtIt() {
        BackoffOnDropLimit limit = limit(8, 128);
        refuseRound(limit, 0, 5, 6, 7, 8);

        limit.onSample(10_000, 1_000, 4, true); // the server now has fewer slots (or another client took some)

        assertThat(limit.plateau()).isEqualTo(3);
        assertThat(limit.getLimit()).isEqualTo(2); // cut to 90 % of the three calls before it

        limit.onSample(20_000, RTT, 2, false);
        assertThat(limit.getLimit()).isEqualTo(3);
    }

    @Test
    void shouldSettleAtOrBelowTheLevelAServerStartsRefusingAt() {
        BackoffOnDropLimit limit = limit(8, 128);

        List<Integer> limits = rounds(limit, 0, 400, 4);

        List<Integer> settled = limits.subList(20, limits.size());
        assertThat(settled).allMatch(l -> l <= 5);
        assertThat(settled.stream().filter(l -> l <= 4).count())
                .as("rounds at or below 4 slots: %s", settled)
                .isGreaterThanOrEqualTo(Math.round(settled.size() * 0.9));
        // It keeps probing one above the plateau, so the server is used to its last slot and a bigger one is found.
        assertThat(settled).contains(5);
        assertThat(settled.stream().filter(l -> l == 4).count()).isGreaterThan(settled.size() / 2);
    }

    @Test
    void shouldReachSixtyFourAndMoreQuicklyWhenNothingIsRefused() {
        BackoffOnDropLimit limit = limit(8, 128);

        List<Integer> limits = rounds(limit, 0, 20, 1_000);

        // The first round only starts the first window; each window then takes a round to settle and one to measure,
        // and quadruples the limit while the latency shows no queue: 8, 32, 128.
        assertThat(limits.indexOf(128)).as("rounds to 128: %s", limits).isBetween(0, 6);
    }

    @Test
    void shouldProbeFurtherAndFurtherWhenTheServerTakesMoreCallsAgainButNeverPassTheCeiling() {
        BackoffOnDropLimit limit = limit(8, 10);
        rounds(limit, 0, 100, 4);

        // The server now has 12 slots, more than the ceiling of 10: probes are served and become the plateau.
        List<Integer> limits = rounds(limit, 100, 100, 12);

        assertThat(limits).allMatch(l -> l <= 10);
        assertThat(limits.subList(limits.size() - 20, limits.size())).containsOnly(10);
        assertThat(limit.plateau()).isEqualTo(10);
    }

    @Test
    void shouldClimbBackToTheServersSlotsSoonAfterAnOutageOfTimeoutsCutTheLimitToOne() {
        BackoffOnDropLimit limit = limit(64, 128);
        rounds(limit, 0, 10, 0); // every call times out: one cut per round, at most by half
        assertThat(limit.getLimit()).isEqualTo(1);

        List<Integer> limits = rounds(limit, 10, 200, 64);

        // A quiet period at one call, then probes of +1, +1, +2, +4, ... each served for two rounds; the one that
        // overshoots (65) has one call refused, which puts the plateau at 64.
        int reached = limits.indexOf(64);
        assertThat(reached).as("rounds back to 64: %s", limits).isBetween(0, BackoffOnDropLimit.QUIET_ROUNDS + 16);
        assertThat(limits.subList(reached, limits.size())).allMatch(l -> l >= 64 && l <= 65);
    }

    /** Refusals of calls all admitted before the first of them came back (each started with {@code inflight}). */
    private static void refuseRound(BackoffOnDropLimit limit, long start, int... inflight) {
        for (int i = 0; i < inflight.length; i++) {
            limit.onSample(start + i, 1_000, inflight[i], true);
        }
    }

    /**
     * Rounds of calls against a server that refuses calls while more than {@code slots} are open: each round admits as
     * many calls as the limit allows (there is a backlog); the calls above the slots are refused at once, the others
     * are answered after {@link #RTT}, each having started with the slots full.
     *
     * @return the limit each round ran at
     */
    private static List<Integer> rounds(BackoffOnDropLimit limit, int first, int count, int slots) {
        List<Integer> limits = new ArrayList<>();
        for (int round = first; round < first + count; round++) {
            long start = round * RTT;
            int admitted = limit.getLimit();
            limits.add(admitted);
            for (int inflight = slots + 1; inflight <= admitted; inflight++) {
                limit.onSample(start, REFUSAL_RTT, inflight, true);
            }
            for (int served = 0; served < Math.min(admitted, slots); served++) {
                limit.onSample(start, RTT, Math.min(admitted, slots), false);
            }
        }
        return limits;
    }

    @Test
    void shouldNotTakeAFastRefusalForTheServersNoLoadLatency() {
        BackoffOnDropLimit limit = limit(8, 128);
        limit.onSample(0, TimeUnit.MILLISECONDS.toNanos(2), 8, true);
        int afterCut = limit.getLimit();

        // Answers at the server's unloaded latency: the limit must grow back, not shrink.
        for (int i = 0; i < 200; i++) {
            limit.onSample(RTT + i, RTT, limit.getLimit(), false);
        }

        assertThat(afterCut).isEqualTo(6);
        assertThat(limit.getLimit()).isGreaterThan(afterCut);
    }

    @Test
    void shouldBackOffWhenLatencyShowsAQueueAndNeverExceedTheCeiling() {
        BackoffOnDropLimit limit = limit(8, 40);
        List<Integer> unlimited = rounds(limit, 0, 10, 1_000);
        assertThat(unlimited.get(unlimited.size() - 1)).isEqualTo(40);

        // Four slots behind the limit: calls queue, the k-th call of a round answering after (k / 4 + 1) service times.
        List<Integer> limits = new ArrayList<>();
        long start = 10 * RTT;
        for (int round = 0; round < 200; round++) {
            int admitted = limit.getLimit();
            limits.add(admitted);
            for (int k = 0; k < admitted; k++) {
                limit.onSample(start, RTT * (k / 4 + 1), admitted, false);
            }
            start += RTT * ((admitted + 3) / 4);
        }

        // The window latency over the no-load latency stays within 1.2-1.5: 5 or 6 calls for 4 slots, none idle.
        assertThat(limits.subList(100, 200)).as("%s", limits).allMatch(l -> l >= 4 && l <= 8);
    }
}

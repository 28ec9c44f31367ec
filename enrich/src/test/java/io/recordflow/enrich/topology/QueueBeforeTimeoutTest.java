package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.concurrency.limits.Limit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class QueueBeforeTimeoutTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    /** What the wrapped limit was told: true for a drop. */
    private final List<Boolean> drops = new ArrayList<>();

    private final Limit recorder = new Limit() {
        @Override
        public int getLimit() {
            return 7;
        }

        @Override
        public void notifyOnChange(Consumer<Integer> consumer) {}

        @Override
        public void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
            drops.add(didDrop);
        }
    };

    private final QueueBeforeTimeout limit = new QueueBeforeTimeout(recorder, Duration.ofSeconds(120));

    @Test
    void shouldTreatAnAnswerLaterThanAThirdOfTheTimeoutBehindOtherCallsAsARefusal() {
        limit.onSample(0, 41 * SECOND, 3, false);

        assertThat(drops).containsExactly(true);
    }

    @Test
    void shouldPassFasterAnswersAndRefusalsThroughUnchanged() {
        limit.onSample(0, 39 * SECOND, 30, false);
        limit.onSample(0, SECOND, 30, true);

        assertThat(drops).containsExactly(false, true);
        assertThat(limit.getLimit()).isEqualTo(7);
    }

    @Test
    void shouldTakeASlowLoneCallForItsOwnLatencyNotAQueue() {
        limit.onSample(0, 100 * SECOND, 1, false);

        assertThat(drops).containsExactly(false);
    }
}

package io.recordflow.enrich.topology;

import com.netflix.concurrency.limits.Limit;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Treats an answer that took more than a third of the call timeout, while other calls were open, as a refusal: the
 * calls the limit keeps waiting at the server are near the point where they would time out. A latency-based limit
 * needs a few round trips to see a queue; against a slow server (a CPU-only one taking 30 s a call) those round trips
 * are minutes, and a queue they let grow would reach the timeout and waste the server's work on calls the client has
 * given up.
 */
final class QueueBeforeTimeout implements Limit {
    private final Limit delegate;
    private final long thresholdNanos;

    QueueBeforeTimeout(Limit delegate, Duration callTimeout) {
        this.delegate = delegate;
        this.thresholdNanos = threshold(callTimeout).toNanos();
    }

    /** The longest answer, behind other calls, that is not yet a refusal: a third of the call timeout. */
    static Duration threshold(Duration callTimeout) {
        return callTimeout.dividedBy(3);
    }

    @Override
    public int getLimit() {
        return delegate.getLimit();
    }

    @Override
    public void notifyOnChange(Consumer<Integer> consumer) {
        delegate.notifyOnChange(consumer);
    }

    /** A lone call (nothing else open when it was sent) waited behind no call of ours: its latency is its own. */
    @Override
    public void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
        delegate.onSample(startTime, rtt, inflight, didDrop || (rtt > thresholdNanos && inflight > 1));
    }
}

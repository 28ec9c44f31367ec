package io.recordflow.enrich.topology;

import com.netflix.concurrency.limits.Limit;
import java.time.Duration;

/**
 * Treats an answer that took more than a third of the call timeout, while other calls were open, as a refusal: the calls the
 * limit keeps waiting at the server are near the point where they would time out. Vegas re-bases its no-load latency on
 * the latency it sees every few dozen round trips, so against a small server a standing queue grows by a few calls each
 * time (a simulated 2-slot server: a limit of 41 after ten minutes); with fast calls that queue is only latency, with
 * slow ones (a CPU-only server taking 30 s a call) it would reach the timeout and waste the server's work on calls the
 * client has given up.
 */
final class QueueBeforeTimeout extends ForwardingLimit {
    private final long thresholdNanos;

    QueueBeforeTimeout(Limit delegate, Duration callTimeout) {
        super(delegate);
        this.thresholdNanos = callTimeout.toNanos() / 3;
    }

    /** A lone call (nothing else open when it was sent) waited behind no call of ours: its latency is its own. */
    @Override
    public void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
        delegate.onSample(startTime, rtt, inflight, didDrop || (rtt > thresholdNanos && inflight > 1));
    }
}

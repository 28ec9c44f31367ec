package io.recordflow.enrich.topology;

import com.netflix.concurrency.limits.Limit;

/**
 * A latency-based limit that reacts to a queue once per round trip, as TCP Vegas does: after the limit comes down, the
 * answers of calls sent before that are not shown to it, since their latency is the queue the cut already answered.
 * Netflix's Vegas updates on every answer, so with dozens of answers per round trip it kept cutting for a whole round
 * trip and fell far below the server's slots (a simulated 64-slot server: 0.86 of its slot-time used). Increases
 * still come answer by answer, so the limit climbs as fast as before.
 */
final class CutOncePerRoundTrip extends ForwardingLimit {
    /** When the limit last came down (the answer's end, on the samples' clock); earlier calls are not shown. */
    private long lastCutAt = Long.MIN_VALUE;

    CutOncePerRoundTrip(Limit delegate) {
        super(delegate);
    }

    @Override
    public synchronized void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
        if (startTime < lastCutAt) {
            return;
        }
        int before = delegate.getLimit();
        delegate.onSample(startTime, rtt, inflight, didDrop);
        if (delegate.getLimit() < before) {
            lastCutAt = startTime + rtt;
        }
    }
}

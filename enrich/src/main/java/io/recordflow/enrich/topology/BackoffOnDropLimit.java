package io.recordflow.enrich.topology;

import com.netflix.concurrency.limits.Limit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A latency-based limit (TCP Vegas) with a multiplicative cut when the server refuses calls (429, 503, timeouts).
 * Vegas alone lowers its limit on a drop by only log10(limit) while every fast success still raises it, so against a
 * server that answers "busy" instead of queueing it would settle far above the server's slots; and a fast refusal
 * would become its no-load latency, after which every real answer looks queued. Here drops never reach Vegas:
 * they cut a cap to 90 % of the calls that were in flight when the refused call started, but at most by half (once
 * per round: refusals of calls admitted before the last cut are the same overload), and each success lets the cap
 * grow by one per round.
 * The limit in force is the lower of the two.
 */
final class BackoffOnDropLimit implements Limit {
    static final double CUT = 0.9;

    private final Limit latency;
    private final int max;
    private final List<Consumer<Integer>> listeners = new CopyOnWriteArrayList<>();
    private double cap;
    private long lastCutAt = Long.MIN_VALUE;
    private volatile int limit;

    /**
     * @param latency the latency-based limit successes are fed to
     * @param max the ceiling, also the cap before the first drop
     */
    BackoffOnDropLimit(Limit latency, int max) {
        this.latency = latency;
        this.max = max;
        this.cap = max;
        this.limit = Math.min(latency.getLimit(), max);
        latency.notifyOnChange(ignored -> publish());
    }

    @Override
    public int getLimit() {
        return limit;
    }

    @Override
    public void notifyOnChange(Consumer<Integer> consumer) {
        listeners.add(consumer);
    }

    @Override
    public void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
        if (didDrop) {
            synchronized (this) {
                if (startTime < lastCutAt) {
                    return;
                }
                // Calls admitted just before the refused one may have raised the server's load past what this
                // call saw at its start: never cut below half the limit in force, as TCP would.
                double current = Math.min(cap, limit);
                cap = Math.max(1, Math.max(current / 2, Math.min(current, inflight - 1) * CUT));
                lastCutAt = startTime + rtt;
            }
        } else {
            synchronized (this) {
                if (cap < max && inflight * 2 >= cap) {
                    cap = Math.min(max, cap + 1 / cap);
                }
            }
            latency.onSample(startTime, rtt, inflight, false);
        }
        publish();
    }

    /** The cap drops have set, for tests and logs. */
    synchronized double cap() {
        return cap;
    }

    private void publish() {
        int next;
        synchronized (this) {
            next = Math.max(1, Math.min((int) cap, Math.min(latency.getLimit(), max)));
            if (next == limit) {
                return;
            }
            limit = next;
        }
        listeners.forEach(l -> l.accept(next));
    }

    @Override
    public String toString() {
        return "BackoffOnDropLimit[limit=" + limit + ", cap=" + cap + ", latency=" + latency + "]";
    }
}

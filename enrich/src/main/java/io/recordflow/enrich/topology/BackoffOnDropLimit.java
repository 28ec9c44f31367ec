package io.recordflow.enrich.topology;

import com.netflix.concurrency.limits.Limit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A latency-based limit (TCP Vegas) under a cap that the server's refusals (429, 503, timeouts) set and that remembers
 * the level they happened at, as TCP CUBIC remembers W_max. Vegas alone lowers its limit on a drop by only
 * log10(limit) while every fast success raises it, and a fast refusal would become its no-load latency, so drops
 * never reach Vegas. A refusal (once per round: refusals of calls admitted before the last cut are the same overload)
 * cuts the cap to 90 % of the calls in flight before the refused one, at most by half, and sets a plateau one below
 * the refused level. Successes bring the cap back to the plateau by one per success and hold it there for
 * {@value #QUIET_ROUNDS} rounds; then one call above it is tried. A refused probe goes back to the plateau without a
 * cut; a probe served for {@value #PROBE_ROUNDS} rounds forgets the plateau, and the cap grows by one per round again
 * up to the ceiling. The limit in force is the lower of the cap and Vegas.
 */
final class BackoffOnDropLimit implements Limit {
    static final double CUT = 0.9;
    /** Rounds of successes at the plateau before one call above it is tried. */
    static final int QUIET_ROUNDS = 16;
    /** Rounds of successes above the plateau after which the server is taken to have more room. */
    static final int PROBE_ROUNDS = 4;

    private final Limit latency;
    private final int max;
    private final List<Consumer<Integer>> listeners = new CopyOnWriteArrayList<>();
    private double cap;
    /** One below the level the last overload was seen at; 0 while none is remembered. */
    private int plateau;
    /** Successes at the plateau (or, while probing, above it) since the last refusal or probe. */
    private int quiet;

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
                lastCutAt = startTime + rtt;
                refused(inflight);
            }
        } else {
            synchronized (this) {
                served(inflight);
            }
            latency.onSample(startTime, rtt, inflight, false);
        }
        publish();
    }

    private void refused(int inflight) {
        quiet = 0;
        if (plateau > 0 && cap > plateau && inflight > plateau) {
            // Only the call above the plateau was refused: the plateau was right, nothing to drain below it.
            cap = plateau;
            return;
        }
        // Calls admitted together reach the server in any order, so the refused one may have started with few in
        // flight: never cut, nor set the plateau, below half the limit in force at once, as TCP would.
        double current = Math.min(cap, limit);
        plateau = (int) Math.max(1, Math.max(Math.min(current, inflight) - 1, current / 2));
        cap = Math.min(plateau, Math.max(1, Math.max(current / 2, Math.min(current, inflight - 1) * CUT)));
    }

    private void served(int inflight) {
        if (inflight * 2 < cap) {
            return; // the cap is not in use: this success says nothing about room for more calls
        }
        if (plateau == 0) {
            cap = Math.min(max, cap + 1 / cap);
        } else if (cap < plateau) {
            cap = Math.min(plateau, cap + 1);
        } else if (cap <= plateau) {
            if (++quiet >= QUIET_ROUNDS * plateau) {
                cap = Math.min(max, plateau + 1);
                quiet = 0;
            }
        } else if (inflight > plateau && ++quiet >= PROBE_ROUNDS * cap) {
            plateau = 0;
            quiet = 0;
        }
    }

    /** The cap refusals have set, for tests and logs. */
    synchronized double cap() {
        return cap;
    }

    /** One below the level the last overload was seen at, 0 when none is remembered; for tests and logs. */
    synchronized int plateau() {
        return plateau;
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
        return "BackoffOnDropLimit[limit=" + limit + ", cap=" + cap + ", plateau=" + plateau + ", latency=" + latency
                + "]";
    }
}

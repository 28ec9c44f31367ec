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
 * the refused level. Successes bring the cap back to the plateau by one per success; after {@value #QUIET_ROUNDS}
 * rounds with the plateau in full use, one call above it is tried. A probe served for {@value #PROBE_ROUNDS} rounds
 * becomes the plateau and the next probe goes further (+1, +1, +2, +4, ...), up to the ceiling but never to a level
 * refused since the last quiet period; a refusal while probing goes back to the plateau without a cut, and so does a
 * probe the backlog never filled. The limit in force is the lower of the cap and Vegas.
 */
final class BackoffOnDropLimit implements Limit {
    static final double CUT = 0.9;
    /** Rounds of successes with the plateau in full use before one call above it is tried. */
    static final int QUIET_ROUNDS = 32;
    /** Rounds of successes above the plateau, without a refusal, that make a probe the new plateau. */
    static final int PROBE_ROUNDS = 2;

    private final Limit latency;
    private final int max;
    private final List<Consumer<Integer>> listeners = new CopyOnWriteArrayList<>();
    private double cap;
    /** The level the cap holds at between probes: below the last refusal, or a probe since served; 0 before any. */
    private int plateau;
    /** The lowest level above the plateau refused since the last quiet period; 0 when none. */
    private int refusedAt;
    /** Probes served in a row since the last refusal: each one after the first lets the next go twice as far. */
    private int probes;
    /** Successes counted in the current phase (waiting at the plateau, or probing above it). */
    private int served;
    /** Of the successes while probing, those that started above the plateau. */
    private int above;

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
        served = 0;
        above = 0;
        probes = 0;
        if (plateau > 0 && cap > plateau) {
            // Refused while probing: calls reach the server in any order, so whichever call was refused, the probe's
            // extra calls were the overload. The plateau was right; nothing to drain below it.
            refusedAt = (int) cap;
            probe();
            return;
        }
        // Calls admitted together reach the server in any order, so the refused one may have started with few in
        // flight: never cut, nor set the plateau, below half the limit in force at once, as TCP would.
        double current = Math.min(cap, limit);
        plateau = (int) Math.max(1, Math.max(Math.min(current, inflight) - 1, current / 2));
        refusedAt = plateau + 1;
        cap = Math.min(plateau, Math.max(1, Math.max(current / 2, Math.min(current, inflight - 1) * CUT)));
    }

    private void served(int inflight) {
        if (plateau == 0) {
            return; // nothing refused yet: the cap is still the ceiling
        }
        if (cap < plateau) {
            if (inflight * 2 >= cap) { // the cap is in use: the server answers below the level it refused at
                cap = Math.min(plateau, cap + 1);
            }
        } else if (cap <= plateau) {
            // A success with the plateau only partly used says nothing about room above it.
            if (inflight >= plateau && ++served >= QUIET_ROUNDS * plateau) {
                refusedAt = 0; // quiet long enough: the level refused before may be served now
                probes = 0;
                probe();
            }
        } else {
            served++;
            if (inflight > plateau) {
                above++;
            }
            if (above >= PROBE_ROUNDS * cap) {
                plateau = (int) cap;
                probes++;
                probe();
            } else if (served >= 2 * PROBE_ROUNDS * cap) {
                probes = 0; // the backlog never filled the probe: try again after another quiet period
                served = 0;
                above = 0;
                cap = plateau;
            }
        }
    }

    /** The next probe above the plateau, or the plateau itself when the level above it was refused (or is the max). */
    private void probe() {
        served = 0;
        above = 0;
        int next = Math.min(max, plateau + (1 << Math.min(Math.max(0, probes - 1), 16)));
        cap = refusedAt > 0 ? Math.min(next, refusedAt - 1) : next;
    }

    /** The cap refusals have set, for tests and logs. */
    synchronized double cap() {
        return cap;
    }

    /** The level the cap holds at between probes, 0 before the first refusal; for tests and logs. */
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

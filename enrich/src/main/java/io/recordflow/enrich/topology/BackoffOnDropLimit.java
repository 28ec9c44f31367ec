package io.recordflow.enrich.topology;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.AbstractLimit;

/**
 * A latency-based limit ({@link WindowedLatencyLimit}) under a cap that the server's refusals (429, 503, timeouts) set
 * and that remembers the level they happened at, as TCP CUBIC remembers W_max. A fast refusal would read as the
 * server's no-load latency, so drops never reach the latency-based limit. The first refusal of a round cuts the cap to 90 % of the calls in flight before the refused one,
 * at most by half; the round's refusals (of calls admitted before that cut) set the plateau: the limit in force less
 * the calls refused, at most halving it. Successes bring the cap back to the plateau by one per success; after
 * {@value #QUIET_ROUNDS} rounds with the plateau in full use, one call above it is tried. A probe served for
 * {@value #PROBE_ROUNDS} rounds becomes the plateau and the next probe goes further (+1, +1, +2, +4, ...) up to the
 * ceiling; a refused probe, or one the backlog never filled, goes back to the plateau without a cut (raised to what the
 * probe's refusals showed) and waits another quiet period. The limit in force is the lower of the cap and the latency-based limit.
 */
final class BackoffOnDropLimit extends AbstractLimit {
    static final double CUT = 0.9;
    /** Rounds of successes with the plateau in full use before one call above it is tried. */
    static final int QUIET_ROUNDS = 32;
    /** Rounds of successes above the plateau, without a refusal, that make a probe the new plateau. */
    static final int PROBE_ROUNDS = 2;

    private final Limit latency;
    private final int max;
    private double cap;
    /** The level the cap holds at between probes; 0 before the first refusal. */
    private int plateau;
    /** Probes served in a row since the last refusal: each one after the first lets the next go twice as far. */
    private int probes;
    /** Successes counted in the current phase (waiting at the plateau, or probing above it). */
    private int served;
    /** Of the successes while probing, those that started above the plateau. */
    private int above;
    /** When the last round of refusals began: refusals of calls admitted before it belong to that round. */
    private long lastCutAt = Long.MIN_VALUE;
    /** The limit in force when the round's first refusal came, the calls refused in it, the plateau's floor. */
    private int roundLevel;

    private int roundRefused;
    private int roundFloor;

    /**
     * @param latency the latency-based limit successes are fed to
     * @param max the ceiling, also the cap before the first drop
     */
    BackoffOnDropLimit(Limit latency, int max) {
        super(Math.max(1, Math.min(latency.getLimit(), max)));
        this.latency = latency;
        this.max = max;
        this.cap = max;
        // The latency-based limit only changes inside _update below (it is fed nowhere else), so this runs under
        // this limit's lock, on the same thread.
        latency.notifyOnChange(ignored -> setLimit(combined()));
    }

    @Override
    protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
        if (didDrop) {
            if (startTime < lastCutAt) {
                refusedAgain();
            } else {
                lastCutAt = startTime + rtt;
                refused(inflight);
            }
        } else {
            served(inflight);
            latency.onSample(startTime, rtt, inflight, false);
        }
        return combined();
    }

    /** The first refusal of a round. */
    private void refused(int inflight) {
        served = 0;
        above = 0;
        probes = 0;
        boolean probing = plateau > 0 && cap > plateau;
        double current = Math.min(cap, getLimit());
        roundLevel = (int) current;
        roundRefused = 1;
        // Calls admitted together reach the server in any order, so how many were in flight when the refused one
        // started says little; how many of them were refused says how far the server is from taking them all.
        // A probe's refusals were the probe's own extra calls: the plateau it started from stands, with no cut.
        roundFloor = probing ? plateau : Math.max(1, roundLevel / 2);
        plateau = Math.max(roundFloor, roundLevel - 1);
        cap = probing
                ? plateau
                : Math.min(plateau, Math.max(1, Math.max(current / 2, Math.min(current, inflight - 1) * CUT)));
    }

    /** A refusal of a call admitted before the round's first refusal came back: the same overload, no second cut. */
    private void refusedAgain() {
        roundRefused++;
        plateau = Math.max(roundFloor, roundLevel - roundRefused);
        cap = Math.min(cap, plateau);
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

    /** The next probe above the plateau, up to the ceiling. */
    private void probe() {
        served = 0;
        above = 0;
        cap = Math.min(max, plateau + (1 << Math.min(Math.max(0, probes - 1), 16)));
    }

    /** The level the cap holds at between probes, 0 before the first refusal; for tests and logs. */
    synchronized int plateau() {
        return plateau;
    }

    /** The lower of the cap and the latency-based limit, within 1 and the ceiling. */
    private int combined() {
        return Math.max(1, Math.min((int) cap, Math.min(latency.getLimit(), max)));
    }

    @Override
    public String toString() {
        return "BackoffOnDropLimit[limit=" + getLimit() + ", cap=" + cap + ", plateau=" + plateau + ", latency="
                + latency + "]";
    }
}

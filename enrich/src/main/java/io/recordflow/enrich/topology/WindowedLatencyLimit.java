package io.recordflow.enrich.topology;

import com.netflix.concurrency.limits.limit.AbstractLimit;
import java.time.Duration;

/**
 * A latency-based limit for a model server, whose calls differ in length (a call's time grows with the document and
 * the answer). Per window of answers it compares the window's mean latency with the server's no-load latency and keeps
 * the ratio between {@value #GROW_BELOW} and {@value #SHRINK_ABOVE}: below, slots are idle and the limit grows (x4 or
 * x2 per window until the first sign of a queue, then by its square root); above, calls queue and the limit shrinks
 * in proportion. A window starts one latency after a change, so it sees the new limit only, and closes once it holds a
 * round trip, half the limit in answers and enough answers for its mean to be known to {@value #PRECISION} (about a
 * hundred when calls vary by half their length), or {@value #MAX_ROUND_TRIPS} round trips. The no-load latency is the
 * lowest precise window mean; every {@value #DRAIN_EVERY} windows the limit halves for one window to measure it afresh,
 * so it follows a server that got slower and is never the latency of a standing queue. One growth never risks answers
 * slower than a given longest latency (a third of the call timeout): against 30 s calls the limit grows by a third at a
 * time, not four times, which would queue calls into the timeout of a server with no slot to spare.
 *
 * <p>Why not Netflix's {@code VegasLimit} or {@code Gradient2Limit}: they compare single answers with the fastest one
 * seen or with a long average. Against a simulated 64-slot server whose calls varied by 10 % around 400 ms, Vegas kept
 * 0.37 of the slots busy (0.13 at 50 %), Gradient2 0.63 at 50 %; with constant calls Vegas held 22-28 calls open for
 * 1-2 slots ({@code AdaptiveLimitSimulationTest}, {@code bench/results/adaptive-limit-simulation-2026-12-02.md}).
 */
final class WindowedLatencyLimit extends AbstractLimit {
    /** Latency over no-load latency below which the server has idle slots. */
    static final double GROW_BELOW = 1.2;
    /** Latency over no-load latency above which calls queue at the server. */
    static final double SHRINK_ABOVE = 1.5;
    /** Below this, in the slow start, the limit quadruples: the server kept up with no sign of a queue. */
    static final double QUICK_BELOW = 1.1;
    /** Where a shrink aims: the middle of the band. */
    static final double TARGET = 1.35;

    /** The fewest answers a window decides on. */
    static final int MIN_SAMPLES = 5;
    /** The most answers a window waits for when latencies vary so much that its mean stays uncertain. */
    static final int MAX_SAMPLES = 1_000;
    /** The most round trips a window waits for when its mean stays uncertain (few calls in flight, long ones). */
    static final int MAX_ROUND_TRIPS = 10;
    /** A window closes once its mean is known this well (standard error over mean). */
    static final double PRECISION = 0.05;
    /** Windows between two measurements of the no-load latency at half the limit. */
    static final int DRAIN_EVERY = 50;
    /** A drained window's latency at most this share of the one before: calls still queued, so drain further. */
    static final double DEEPER = 0.6;

    private static final long UNSET = Long.MIN_VALUE;

    private final int max;
    /** The longest latency growth may risk: what the answers' latency may reach if the server has no idle slot. */
    private final long longestNanos;

    private double estimate;
    private boolean slowStart = true;
    /** Growths in the slow start. */
    private int growths;
    /** Latency of the window that best shows the server without a queue; 0 before the first window. */
    private long noLoad;
    /** Answers before this (on the samples' clock) belong to an earlier limit's transient and are not counted. */
    private long windowStart = UNSET;
    /** The latest answer's end. */
    private long lastEnd;

    private double sum;
    private double sumOfSquares;
    private int count;
    private int maxInflight;
    private int windows;
    /** During a drain, the limit to go back to; 0 when not draining. */
    private double drainedFrom;
    /** During a drain, the latency of the window before the last halving. */
    private long drainedFromLatency;

    /**
     * @param longest the latency growth must not risk: a window's latency grows in proportion to the limit when the
     *     server has no idle slot, so one growth is bounded by {@code longest} over that latency (at least one call)
     */
    WindowedLatencyLimit(int initial, int max, Duration longest) {
        super(Math.max(1, Math.min(initial, max)));
        this.max = max;
        this.longestNanos = longest.toNanos();
        this.estimate = getLimit();
    }

    /** Called under the limit's lock; the limit it returns is published, and listeners told, when it changed. */
    @Override
    protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
        long end = startTime + rtt;
        if (windowStart == UNSET) {
            // The first window starts with the first call sent: nothing was open before it.
            windowStart = startTime;
            lastEnd = end;
        }
        // A window closes between answers, never inside a group answered at one instant, which it would split.
        if (end > lastEnd && count > 0 && windowComplete(lastEnd - windowStart)) {
            closeWindow();
        }
        if (end > windowStart) { // earlier ones answer calls admitted under the previous limit
            count++;
            sum += rtt;
            sumOfSquares += (double) rtt * rtt;
            maxInflight = Math.max(maxInflight, inflight);
        }
        lastEnd = Math.max(lastEnd, end);
        return (int) estimate;
    }

    /** One closed window: its latency, that latency's relative standard error, the most calls it saw open. */
    private record Window(long latency, double error, int used) {}

    /**
     * Closes the window at the last answer: its latency is the mean of its answers'. The answers of a window are all
     * those that came in its time, long calls and short ones alike, so the mean is not biased towards short calls, as
     * it would be if the window waited for the first answers to calls sent after a change.
     */
    private void closeWindow() {
        double mean = sum / count;
        long latency = (long) mean;
        Window window = new Window(latency, relativeError(mean), maxInflight);
        count = 0;
        sum = 0;
        sumOfSquares = 0;
        maxInflight = 0;
        if (drainedFrom > 0) {
            drained(window);
        } else {
            decide(window);
        }
        boolean changed = (int) estimate != getLimit();
        windowStart = changed ? lastEnd + latency : lastEnd;
    }

    /**
     * A round trip, enough answers for half the limit, and enough for the window's latency to be known to
     * {@link #PRECISION}: with calls that vary by half their length that takes about a hundred answers, and a window of
     * ten would read noise as a queue; at most {@value #MAX_ROUND_TRIPS} round trips (few calls open, long ones).
     */
    private boolean windowComplete(long span) {
        double mean = sum / count;
        if (count < Math.max(MIN_SAMPLES, getLimit() / 2) || span < mean) {
            return false;
        }
        return count >= MAX_SAMPLES || span >= MAX_ROUND_TRIPS * mean || relativeError(mean) <= PRECISION;
    }

    /** Standard error of the window's mean latency over that mean. */
    private double relativeError(double mean) {
        double variance = Math.max(0, sumOfSquares / count - mean * mean);
        return Math.sqrt(variance / count) / mean;
    }

    /**
     * Decides on one window, moving the estimate. A window whose mean is uncertain lowers the no-load
     * latency only when precise and needs that much more latency to shrink the limit, so noise is not read as a queue.
     */
    private void decide(Window window) {
        if (noLoad == 0 || (window.latency() < noLoad && window.error() <= PRECISION)) {
            noLoad = window.latency();
        }
        double ratio = window.latency() / (double) noLoad;
        if (ratio > SHRINK_ABOVE + 2 * window.error()) {
            endSlowStart();
            estimate = Math.max(1, estimate * Math.max(0.5, TARGET / ratio));
        } else if (ratio < GROW_BELOW && window.used() * 2 >= getLimit()) {
            estimate = Math.min(max, Math.min(grown(ratio), withinLongest(window.latency())));
        } else if (ratio >= GROW_BELOW) {
            endSlowStart();
        }
        if (!slowStart && ++windows >= DRAIN_EVERY) {
            windows = 0;
            drainedFrom = estimate;
            drainedFromLatency = window.latency();
            estimate = Math.max(1, estimate / 2);
        }
    }

    /**
     * The first sign of a queue. When it came at the first growth, the first window may have held more calls than the
     * server has slots and measured a queue as the no-load latency: a drain soon measures it again.
     */
    private void endSlowStart() {
        if (slowStart) {
            slowStart = false;
            windows = growths <= 1 ? DRAIN_EVERY - 2 : 0;
        }
    }

    /**
     * A window at a halved limit. Its latency is the no-load latency, unless it fell almost in proportion: then calls
     * still queued (the no-load latency was measured on a queue) and the limit halves again.
     */
    private void drained(Window window) {
        if (window.latency() <= (DEEPER - 2 * window.error()) * drainedFromLatency && estimate > 1) {
            drainedFromLatency = window.latency();
            estimate = Math.max(1, estimate / 2);
            return;
        }
        noLoad = window.latency();
        estimate = drainedFrom;
        drainedFrom = 0;
    }

    /**
     * The most calls that keep the answers within {@code longest} should the server have no idle slot: at four times
     * the calls a 30 s call answers after 120 s, the call timeout. Calls of a fast server never come near it.
     */
    private double withinLongest(long latency) {
        return Math.max(estimate + 1, estimate * longestNanos / (double) Math.max(1, latency));
    }

    private double grown(double ratio) {
        if (slowStart) {
            growths++;
            return estimate * (ratio < QUICK_BELOW ? 4 : 2);
        }
        return estimate + Math.max(1, Math.sqrt(estimate));
    }

    @Override
    public synchronized String toString() {
        return "WindowedLatencyLimit[limit=" + getLimit() + ", noLoadMs=" + noLoad / 1_000_000.0 + ", slowStart="
                + slowStart + "]";
    }
}

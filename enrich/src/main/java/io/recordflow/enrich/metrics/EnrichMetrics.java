package io.recordflow.enrich.metrics;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Thread-safe counters of the enrich stage's model calls, one per HTTP request to the model server (repairs and
 * map-reduce chunks are calls of their own; the offline model makes none): how many run right now, how they ended and
 * how long they took. One instance per process, shared by every stream task; {@link #snapshot()} is what a metrics endpoint reads.
 */
public final class EnrichMetrics {

    /** Upper bounds (seconds) of the call-duration histogram buckets; an implicit +Inf bucket follows. */
    public static final double[] DURATION_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    /** How a model call ended, as the pipeline treats it. */
    public enum Outcome {
        /** The model answered (the answer may still fail validation: a repair is one more call). */
        OK,
        /** A transient failure (timeout, server down, 5xx): the record's analysis is retried with backoff. */
        RETRY,
        /** A permanent failure (model not found, bad request, defect): the record is headed for the DLQ. */
        FAILED;

        /** The label value on {@code recordflow_llm_calls_total}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Outcome, LongAdder> calls = new EnumMap<>(Outcome.class);
    private final LongAdder[] buckets = new LongAdder[DURATION_BUCKETS.length + 1];
    private final LongAdder durationNanos = new LongAdder();
    private volatile IntSupplier concurrencyLimit = () -> 0;

    public EnrichMetrics() {
        for (Outcome outcome : Outcome.values()) {
            calls.put(outcome, new LongAdder());
        }
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Where the current limit of concurrent model calls is read (the instance's admission). */
    public void concurrencyLimit(IntSupplier limit) {
        this.concurrencyLimit = limit;
    }

    /** A call to the model began. */
    public void callStarted() {
        inFlight.incrementAndGet();
    }

    /** A call begun with {@link #callStarted()} ended after {@code nanos}. */
    public void callFinished(Outcome outcome, long nanos) {
        long elapsed = Math.max(0, nanos);
        calls.get(outcome).increment();
        durationNanos.add(elapsed);
        double seconds = elapsed / 1e9;
        int bucket = 0;
        while (bucket < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[bucket]) {
            bucket++;
        }
        buckets[bucket].increment();
        inFlight.decrementAndGet();
    }

    /** The values now. Counters are read one by one, so a call ending meanwhile may be counted in part. */
    public Snapshot snapshot() {
        Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
        calls.forEach((outcome, adder) -> byOutcome.put(outcome, adder.sum()));
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(
                inFlight.get(), concurrencyLimit.getAsInt(), byOutcome, cumulative, durationNanos.sum() / 1e9);
    }

    /**
     * Values at one moment. {@code cumulativeBuckets[i]} counts calls of at most {@code DURATION_BUCKETS[i]} seconds;
     * the last element (the +Inf bucket) counts every finished call. {@code concurrencyLimit} is how many calls the
     * instance admits at once now (0 before an admission is attached).
     */
    public record Snapshot(
            int inFlight,
            int concurrencyLimit,
            Map<Outcome, Long> calls,
            long[] cumulativeBuckets,
            double durationSecondsSum) {

        public Snapshot {
            calls = Map.copyOf(calls);
            cumulativeBuckets = cumulativeBuckets.clone();
        }

        /** Finished calls, whatever their outcome. */
        public long finishedCalls() {
            return cumulativeBuckets[cumulativeBuckets.length - 1];
        }

        public long calls(Outcome outcome) {
            return calls.getOrDefault(outcome, 0L);
        }

        @Override
        public long[] cumulativeBuckets() {
            return cumulativeBuckets.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot s
                    && s.inFlight == inFlight
                    && s.concurrencyLimit == concurrencyLimit
                    && s.calls.equals(calls)
                    && Arrays.equals(s.cumulativeBuckets, cumulativeBuckets)
                    && s.durationSecondsSum == durationSecondsSum;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * inFlight + concurrencyLimit) + calls.hashCode())
                    + Arrays.hashCode(cumulativeBuckets);
        }
    }
}

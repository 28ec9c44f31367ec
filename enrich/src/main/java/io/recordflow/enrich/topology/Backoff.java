package io.recordflow.enrich.topology;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with full jitter in the upper half: delay(n) in [d/2, d] with d = min(max, initial * 2^n). */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.random = random;
    }

    /** Delay before the next attempt after {@code failures} failed attempts (1 = first failure). */
    public long delayMillis(int failures) {
        int exponent = Math.min(Math.max(failures - 1, 0), 30);
        long ceiling = Math.min(maxMs, initialMs << exponent);
        return ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
    }
}

package io.recordflow.app.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The last value a topic scan read, reused for at most {@code maxAge} so that a busy console does not re-read whole
 * topics on every request. This console drops it after each of its own writes (a decision, a redrive), so its users see
 * their changes at once; changes made elsewhere show within {@code maxAge}. One scan runs at a time: requests arriving
 * during a scan wait for its result instead of starting their own.
 */
final class CachedSnapshot<T> {

    private final Supplier<T> loader;
    private final Duration maxAge;
    private final Clock clock;
    private T value;
    private Instant readAt;

    CachedSnapshot(Supplier<T> loader, Duration maxAge, Clock clock) {
        this.loader = loader;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The cached value, or a fresh one when there is none or it is {@code maxAge} old. */
    synchronized T get() {
        Instant now = clock.instant();
        if (value == null || !now.isBefore(readAt.plus(maxAge))) {
            value = loader.get();
            // the age counts from the start of the scan: records written during it may be missing from it
            readAt = now;
        }
        return value;
    }

    /** A value read from now on, for a caller that must not act on a stale one (a decision); it is cached too. */
    synchronized T fresh() {
        value = null;
        return get();
    }

    /** Forgets the cached value; the next {@link #get} reads again. */
    synchronized void invalidate() {
        value = null;
    }
}

package io.recordflow.registry;

import java.time.Duration;

/**
 * How long the registry client keeps retrying a request that found no registry answering (connection errors, timeouts,
 * HTTP 5xx on every URL): exponential backoff from {@code initialBackoff}, doubling up to {@code maxBackoff}, until
 * {@code maxElapsed} has passed. Error answers (4xx) are never retried.
 */
public record RegistryRetry(Duration maxElapsed, Duration initialBackoff, Duration maxBackoff) {
    /** No retry: the first pass over the URLs decides. */
    public static final RegistryRetry NONE =
            new RegistryRetry(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1));

    public RegistryRetry {
        if (maxElapsed.isNegative() || initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("Registry retry needs maxElapsed >= 0 and initialBackoff > 0, got "
                    + maxElapsed + " and " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            maxBackoff = initialBackoff;
        }
    }

    /** The backoff after {@code previous}: doubled, capped at {@code maxBackoff}. */
    Duration next(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }
}

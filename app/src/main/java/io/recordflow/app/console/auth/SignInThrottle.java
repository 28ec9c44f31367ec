package io.recordflow.app.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limit of failed sign-ins: after {@code maxFailures} failures within {@code window} for one user name, or
 * {@value #ADDRESS_FACTOR} times as many for one client address, further attempts for it are refused until the oldest
 * failure leaves the window. The address limit is higher so that one person's typos behind a shared proxy do not lock
 * out the whole office, while guessing across many user names from one address is still stopped.
 */
public final class SignInThrottle {

    /** How many more failures one address may have than one user name. */
    static final int ADDRESS_FACTOR = 4;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public SignInThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** True when a sign-in as {@code user} from {@code address} may be tried now. */
    public boolean allows(String user, String address) {
        return !blocked("user:" + user, maxFailures) && !blocked("address:" + address, maxFailures * ADDRESS_FACTOR);
    }

    /** Counts a failed sign-in against both the user name and the address. */
    public void failed(String user, String address) {
        record("user:" + user);
        record("address:" + address);
    }

    /** A successful sign-in clears the user's failures (not the address's). */
    public void succeeded(String user) {
        failures.remove("user:" + user);
    }

    public Duration window() {
        return window;
    }

    private boolean blocked(String key, int limit) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times);
            return times.size() >= limit;
        }
    }

    private void record(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.instant());
        }
    }

    private void prune(Deque<Instant> times) {
        Instant oldest = clock.instant().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
            times.removeFirst();
        }
    }
}

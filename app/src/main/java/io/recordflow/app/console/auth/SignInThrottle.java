package io.recordflow.app.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Rate limit of failed sign-ins: after {@code maxFailures} failures within {@code window} for one user name, or
 * {@value #ADDRESS_FACTOR} times as many for one client address, further attempts for it are refused until the oldest
 * failure leaves the window. The address limit is higher so that one person's typos behind a shared proxy do not lock
 * out the whole office, while guessing across many user names from one address is still stopped.
 *
 * <p>Memory is bounded: a name or address is forgotten once its last failure has left the window, and at most
 * {@code maxTracked} of them are kept (the one whose last failure is oldest goes first), so trying endless made-up user
 * names cannot grow the console's heap.
 */
public final class SignInThrottle {

    /** How many more failures one address may have than one user name. */
    static final int ADDRESS_FACTOR = 4;

    /** Default number of user names and addresses tracked at once. */
    public static final int DEFAULT_MAX_TRACKED = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final int maxTracked;

    /** Failure times per key, ordered by each key's most recent failure (oldest first); guarded by {@code this}. */
    private final LinkedHashMap<String, Deque<Instant>> failures = new LinkedHashMap<>();

    public SignInThrottle(int maxFailures, Duration window, Clock clock) {
        this(maxFailures, window, clock, DEFAULT_MAX_TRACKED);
    }

    public SignInThrottle(int maxFailures, Duration window, Clock clock, int maxTracked) {
        if (maxTracked < 2) {
            throw new IllegalArgumentException("maxTracked must be at least 2 (one user name and one address)");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
        this.maxTracked = maxTracked;
    }

    /** True when a sign-in as {@code user} from {@code address} may be tried now. */
    public synchronized boolean allows(String user, String address) {
        expire();
        return !blocked("user:" + user, maxFailures) && !blocked("address:" + address, maxFailures * ADDRESS_FACTOR);
    }

    /** Counts a failed sign-in against both the user name and the address. */
    public synchronized void failed(String user, String address) {
        expire();
        record("user:" + user);
        record("address:" + address);
        Iterator<Deque<Instant>> eldest = failures.values().iterator();
        while (failures.size() > maxTracked) {
            eldest.next();
            eldest.remove();
        }
    }

    /** A successful sign-in clears the user's failures (not the address's). */
    public synchronized void succeeded(String user) {
        failures.remove("user:" + user);
    }

    public Duration window() {
        return window;
    }

    /** How many user names and addresses are remembered now. */
    synchronized int tracked() {
        return failures.size();
    }

    private boolean blocked(String key, int limit) {
        Deque<Instant> times = failures.get(key);
        return times != null && prune(times) >= limit;
    }

    private void record(String key) {
        Deque<Instant> times = failures.remove(key);
        if (times == null) {
            times = new ArrayDeque<>();
        }
        prune(times);
        times.addLast(clock.instant());
        // re-inserted so the map stays ordered by last failure, which lets expire() and the cap look only at its head
        failures.put(key, times);
    }

    /** Drops failures older than the window; keys whose last failure is that old are forgotten. */
    private void expire() {
        Iterator<Deque<Instant>> entries = failures.values().iterator();
        while (entries.hasNext()) {
            if (prune(entries.next()) > 0) {
                return;
            }
            entries.remove();
        }
    }

    /** Drops the failures of one key that left the window; returns how many remain. */
    private int prune(Deque<Instant> times) {
        Instant oldest = clock.instant().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
            times.removeFirst();
        }
        return times.size();
    }
}

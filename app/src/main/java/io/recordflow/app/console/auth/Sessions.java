package io.recordflow.app.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, kept in memory: a random session id (the cookie) maps to the user, the role and the session's
 * CSRF token. A session expires after the configured idle time; every request it makes renews it.
 */
public final class Sessions {

    /** A signed-in user. */
    public record Session(String id, String user, Role role, String csrfToken, Instant expiresAt) {
        /** True when {@code token} is this session's CSRF token (constant-time comparison). */
        public boolean csrfMatches(String token) {
            return token != null
                    && MessageDigest.isEqual(
                            csrfToken.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration idleTimeout;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public Sessions(Duration idleTimeout, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** A new session for {@code user}. */
    public Session open(String user, Role role) {
        Instant now = clock.instant();
        sessions.values().removeIf(old -> !now.isBefore(old.expiresAt())); // sessions nobody comes back to
        Session s = new Session(token(), user, role, token(), clock.instant().plus(idleTimeout));
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session {@code id} names, renewed; empty when unknown or expired (an expired one is dropped). */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!now.isBefore(s.expiresAt())) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session renewed = new Session(s.id(), s.user(), s.role(), s.csrfToken(), now.plus(idleTimeout));
        sessions.put(id, renewed);
        return Optional.of(renewed);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** 256 random bits, URL-safe. */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

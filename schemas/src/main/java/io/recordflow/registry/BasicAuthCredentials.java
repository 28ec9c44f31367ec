package io.recordflow.registry;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/** HTTP basic-auth credentials for the registry; {@link #toString()} never shows the password. */
public record BasicAuthCredentials(String user, String password) {
    public BasicAuthCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Parses Confluent's {@code user:password} user-info form (the password may contain ':'). */
    public static BasicAuthCredentials parse(String userInfo) {
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Basic-auth user info must have the form 'user:password'");
        }
        return new BasicAuthCredentials(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }

    /** The value of the {@code Authorization} header. */
    public String authorizationHeader() {
        String token = user + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * True when {@code user} and {@code password} are these credentials, compared in time independent of where they
     * differ and of their lengths (both sides are hashed first).
     */
    public boolean matches(String user, String password) {
        boolean sameUser = MessageDigest.isEqual(sha256(this.user), sha256(user == null ? "" : user));
        boolean samePassword = MessageDigest.isEqual(sha256(this.password), sha256(password == null ? "" : password));
        return sameUser & samePassword;
    }

    /** An HTTP server authenticator that accepts only these credentials and answers 401 with WWW-Authenticate. */
    public Authenticator authenticator(String realm) {
        return new BasicAuthenticator(realm, StandardCharsets.UTF_8) {
            @Override
            public boolean checkCredentials(String u, String p) {
                return matches(u, p);
            }
        };
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "BasicAuthCredentials[user=" + user + ", password=********]";
    }
}

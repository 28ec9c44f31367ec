package io.recordflow.registry;

import java.nio.charset.StandardCharsets;
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

    /** The URL with any embedded {@code user:password@} replaced by {@code ****@}, for logs. */
    public static String redactUrl(String url) {
        return url == null ? null : url.replaceAll("//[^/@]*@", "//****@");
    }

    @Override
    public String toString() {
        return "BasicAuthCredentials[user=" + user + ", password=********]";
    }
}

package io.recordflow.app.console.http;

import com.sun.net.httpserver.HttpExchange;
import io.recordflow.app.console.auth.Sessions.Session;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One console request: method, path, query and form parameters, cookies and the session it belongs to, if any. */
public final class Request {

    /** Largest form body read; decisions and notes are small. */
    static final int MAX_FORM_BYTES = 64 * 1024;

    private final HttpExchange exchange;
    private final Map<String, String> query;
    private final Map<String, String> form;
    private final Map<String, String> cookies;
    private final Optional<Session> session;

    Request(HttpExchange exchange, Map<String, String> form, Optional<Session> session) {
        this.exchange = exchange;
        this.query = parse(exchange.getRequestURI().getRawQuery());
        this.form = form;
        this.cookies = cookies(exchange);
        this.session = session;
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    /** The path as sent, still percent-encoded (routes match it so an encoded {@code /} stays inside its segment). */
    public String path() {
        return exchange.getRequestURI().getRawPath();
    }

    /** The query parameter {@code name}, trimmed; empty string when absent. */
    public String query(String name) {
        return query.getOrDefault(name, "").trim();
    }

    /** The form field {@code name} of a POST; empty string when absent. */
    public String form(String name) {
        return form.getOrDefault(name, "");
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    public Optional<Session> session() {
        return session;
    }

    /** The signed-in session; only called on routes that require one. */
    public Session requireSession() {
        return session.orElseThrow(() -> new IllegalStateException("no session on " + path()));
    }

    public String remoteAddress() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    /** Reads an application/x-www-form-urlencoded body, refusing more than {@link #MAX_FORM_BYTES}. */
    static Map<String, String> readForm(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                throw new IOException("form body larger than " + MAX_FORM_BYTES + " bytes");
            }
            return parse(new String(body, StandardCharsets.UTF_8));
        }
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            values.putIfAbsent(decode(key), decode(value));
        }
        return values;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static Map<String, String> cookies(HttpExchange exchange) {
        Map<String, String> cookies = new HashMap<>();
        List<String> headers = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
        for (String header : headers) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    cookies.putIfAbsent(
                            part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
        }
        return cookies;
    }
}

package io.recordflow.app.console.http;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Record and dead-letter ids as one segment of a console path: percent-encoded in links (so a space, {@code /},
 * {@code ?}, {@code #}, {@code %} or a non-ASCII letter cannot end or split the segment) and decoded in routes, which
 * {@link ConsoleServer} matches against the raw, still-encoded path.
 */
public final class PathSegment {

    private PathSegment() {}

    /** {@code value} percent-encoded as UTF-8 for use as one path segment (a space is {@code %20}, not {@code +}). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The value of a raw path segment; a {@code +} stays a plus sign in a path. Throws IllegalArgumentException on a
     * malformed escape.
     */
    public static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}

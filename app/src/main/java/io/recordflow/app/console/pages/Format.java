package io.recordflow.app.console.pages;

import io.recordflow.app.console.http.Html;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console shows times, sizes, confidences and reasons, the same on every page. */
final class Format {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Format() {}

    static String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    static String confidence(double c) {
        return String.format(Locale.ROOT, "%.2f", c);
    }

    /** A confidence as a number with a small bar, coloured by band. */
    static Html confidenceBar(double c) {
        String band = c >= 0.8 ? "high" : c >= 0.5 ? "mid" : "low";
        return Html.of(
                "<span class=\"conf conf-{}\"><svg class=\"bar\" viewBox=\"0 0 100 6\" aria-hidden=\"true\">"
                        + "<rect class=\"track\" width=\"100\" height=\"6\" rx=\"3\"/><rect class=\"fill\" width=\"{}\" "
                        + "height=\"6\" rx=\"3\"/></svg>{}</span>",
                band,
                Math.round(c * 100),
                confidence(c));
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }

    /** A review reason as a readable badge. */
    static Html reason(String reason) {
        return Html.of(
                "<span class=\"badge reason-{}\">{}</span>",
                reason.toLowerCase(Locale.ROOT),
                reason.toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    static String orDash(Object value) {
        return value == null || value.toString().isBlank() ? "—" : value.toString();
    }
}

package io.recordflow.app.console.pages;

import io.recordflow.app.console.http.Html;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Charts drawn on the server as inline SVG: no script, no external library, and readable without JavaScript. */
final class Charts {

    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int WIDTH = 600;
    private static final int HEIGHT = 120;

    private Charts() {}

    /** Per-minute counts starting at {@code start} as a column chart with hour ticks. */
    static Html perMinute(String id, String title, long[] counts, Instant start, String tone) {
        long max = 1;
        long total = 0;
        for (long c : counts) {
            max = Math.max(max, c);
            total += c;
        }
        double step = (double) WIDTH / counts.length;
        List<Html> bars = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double h = Math.max(2, (double) counts[i] / max * (HEIGHT - 20));
            bars.add(Html.of(
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: {}</title></rect>",
                    fmt(i * step),
                    fmt(HEIGHT - 16 - h),
                    fmt(Math.max(1, step - 1)),
                    fmt(h),
                    HOUR.format(start.plusSeconds(60L * i)),
                    counts[i]));
        }
        List<Html> ticks = new ArrayList<>();
        for (int i = 0; i <= counts.length; i += 60) {
            ticks.add(Html.of(
                    "<line x1=\"{}\" x2=\"{}\" y1=\"0\" y2=\"{}\" class=\"grid\"/><text x=\"{}\" y=\"{}\" class=\"tick\">{}</text>",
                    fmt(i * step),
                    fmt(i * step),
                    HEIGHT - 16,
                    fmt(Math.min(i * step + 2, WIDTH - 34)),
                    HEIGHT - 3,
                    HOUR.format(start.plusSeconds(60L * i))));
        }
        return Html.of(
                """
                <figure class="chart card" id="{}"><figcaption><span>{}</span><b>{}</b><span class="muted small">per minute, peak {}</span></figcaption>
                <svg viewBox="0 0 {} {}" class="tone-{}" role="img" aria-label="{}">{}<line x1="0" x2="{}" y1="{}" y2="{}" class="axis"/>{}</svg></figure>""", id, title, total, max, WIDTH, HEIGHT, tone, title, ticks, WIDTH, HEIGHT - 16, HEIGHT - 16, bars);
    }

    /** Horizontal bars, one per category. */
    static Html distribution(String id, String title, Map<String, Integer> counts) {
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int row = 22;
        List<Html> rows = new ArrayList<>();
        int y = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            double w = (double) e.getValue() / max * (WIDTH - 200);
            rows.add(Html.of(
                    "<text x=\"0\" y=\"{}\" class=\"label\">{}</text><rect x=\"130\" y=\"{}\" width=\"{}\" height=\"14\" rx=\"3\"/><text x=\"{}\" y=\"{}\" class=\"value\">{}</text>",
                    y + 13,
                    e.getKey(),
                    y + 2,
                    fmt(Math.max(2, w)),
                    fmt(136 + Math.max(2, w)),
                    y + 13,
                    e.getValue()));
            y += row;
        }
        return Html.of(
                """
                <figure class="chart card" id="{}"><figcaption><span>{}</span><b>{}</b><span class="muted small">records by latest category</span></figcaption>
                {}</figure>""",
                id,
                title,
                counts.values().stream().mapToInt(Integer::intValue).sum(),
                counts.isEmpty()
                        ? Html.of("<p class=\"muted\">No enriched record yet.</p>")
                        : Html.of(
                                "<svg viewBox=\"0 0 {} {}\" class=\"bars\" role=\"img\" aria-label=\"{}\">{}</svg>",
                                WIDTH,
                                Math.max(y, row),
                                title,
                                rows));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

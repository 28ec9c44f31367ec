package io.recordflow.app.console.http;

import java.util.Collection;
import java.util.Objects;

/**
 * A fragment of markup that is safe to send. The only way to put a value into a page is {@link #of}: every argument
 * that is not itself {@code Html} is escaped, so escaping is the default and raw markup comes only from the
 * templates written in this code.
 */
public final class Html {

    /** The empty fragment. */
    public static final Html EMPTY = new Html("");

    private final String markup;

    private Html(String markup) {
        this.markup = markup;
    }

    /**
     * The {@code template} (markup written in code, never data) with each {@code {}} replaced by the next argument:
     * escaped text, or an {@code Html} fragment / a collection of them as is; null is the empty string.
     */
    public static Html of(String template, Object... args) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int from = 0;
        int arg = 0;
        int at;
        while ((at = template.indexOf("{}", from)) >= 0) {
            if (arg >= args.length) {
                throw new IllegalArgumentException("template has more {} than arguments: " + template);
            }
            out.append(template, from, at);
            append(out, args[arg++]);
            from = at + 2;
        }
        if (arg != args.length) {
            throw new IllegalArgumentException("template has fewer {} than arguments: " + template);
        }
        out.append(template, from, template.length());
        return new Html(out.toString());
    }

    /** Escaped text. */
    public static Html text(Object value) {
        return of("{}", value);
    }

    /** The fragments one after the other. */
    public static Html join(Collection<Html> parts) {
        StringBuilder out = new StringBuilder();
        parts.forEach(p -> out.append(p.markup));
        return new Html(out.toString());
    }

    private static void append(StringBuilder out, Object value) {
        if (value instanceof Html html) {
            out.append(html.markup);
        } else if (value instanceof Collection<?> parts) {
            parts.forEach(p -> append(out, p));
        } else if (value != null) {
            escape(out, String.valueOf(value));
        }
    }

    /** Escapes text for an element body or a quoted attribute value. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        escape(out, text);
        return out.toString();
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '`' -> out.append("&#96;");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return markup;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Html h && h.markup.equals(markup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(markup);
    }
}

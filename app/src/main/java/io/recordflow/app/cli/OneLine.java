package io.recordflow.app.cli;

/**
 * Values from records (file names, reasons) as commands print them: control characters escaped, so a file named
 * with a line break or an ANSI escape cannot add lines to the output or drive the terminal.
 */
public final class OneLine {

    private OneLine() {}

    /** {@code String.valueOf(value)} with CR, LF, tab as {@code \r \n \t} and other control characters as {@code \\uXXXX}. */
    public static String of(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.substring(0, i));
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }
}

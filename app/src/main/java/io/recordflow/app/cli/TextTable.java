package io.recordflow.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with left-aligned columns sized to their widest cell, for command output. */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public TextTable(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    /** Adds a row; null cells print as "-", control characters in cells are escaped ({@link OneLine}). */
    public TextTable row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : OneLine.of(c)).toArray(String[]::new));
        return this;
    }

    /** Number of rows below the header. */
    public int size() {
        return rows.size() - 1;
    }

    public void print(PrintWriter out) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** {@code text} cut to {@code max} characters with an ellipsis, on one line. */
    public static String abbreviate(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = OneLine.of(text.replaceAll("\\s*\\R\\s*", " "));
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}

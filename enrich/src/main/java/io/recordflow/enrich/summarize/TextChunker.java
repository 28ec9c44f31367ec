package io.recordflow.enrich.summarize;

import java.util.ArrayList;
import java.util.List;

/** Splits text into chunks of at most {@code maxChars}, preferring paragraph, then sentence, then word breaks. */
public final class TextChunker {
    private TextChunker() {}

    public static List<String> chunk(String text, int maxChars) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + maxChars);
            if (end < text.length()) {
                end = breakBefore(text, start, end);
            }
            String piece = text.substring(start, end).strip();
            if (!piece.isEmpty()) {
                chunks.add(piece);
            }
            start = end;
        }
        return chunks;
    }

    private static int breakBefore(String text, int start, int end) {
        int min = start + (end - start) / 2;
        for (String separator : new String[] {"\n\n", ". ", "\n", " "}) {
            int at = text.lastIndexOf(separator, end - separator.length());
            if (at >= min) {
                return at + separator.length();
            }
        }
        return end;
    }
}

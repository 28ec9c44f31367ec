package io.recordflow.enrich.summarize;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Frequency-based keywords: the most frequent content words of a text, stopwords and numbers excluded. */
public final class KeywordExtractor {
    /**
     * Longest token counted as a word: a run of 5,000,000 letters (an MP3's ID3 comment) is not a keyword, and as
     * one it made a 2 MB analysis that no changelog takes.
     */
    static final int MAX_WORD_CHARS = 64;

    private static final Set<String> STOPWORDS = Set.of(
            "the",
            "and",
            "of",
            "to",
            "is",
            "in",
            "for",
            "that",
            "with",
            "this",
            "be",
            "are",
            "on",
            "by",
            "as",
            "at",
            "or",
            "an",
            "a",
            "it",
            "from",
            "was",
            "were",
            "will",
            "shall",
            "has",
            "have",
            "had",
            "not",
            "all",
            "any",
            "our",
            "your",
            "their",
            "its",
            "which",
            "who",
            "whom",
            "these",
            "those",
            "been",
            "may",
            "must",
            "can",
            "would",
            "should",
            "such",
            "into",
            "per",
            "than",
            "then",
            "there",
            "also",
            "other",
            "each",
            "under",
            "please",
            "dear",
            "sincerely",
            "regards",
            "subject",
            "date",
            "page",
            "you",
            "we",
            "they",
            "he",
            "she",
            "his",
            "her",
            "them",
            "us",
            "if",
            "no",
            "yes",
            "do",
            "does",
            "did",
            "so",
            "but",
            "about",
            "after");

    private KeywordExtractor() {}

    public static List<String> keywords(String text, int limit) {
        Map<String, Integer> counts = new HashMap<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\-]+")) {
            if (word.length() > 3 && word.length() <= MAX_WORD_CHARS && !STOPWORDS.contains(word)) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }
}

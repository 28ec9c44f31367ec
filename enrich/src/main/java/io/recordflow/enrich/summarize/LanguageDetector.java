package io.recordflow.enrich.summarize;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Detects the language of a text from its most frequent function words (en, es, fr, de, pt, it). */
public final class LanguageDetector {
    private static final Map<String, Set<String>> STOPWORDS = Map.of(
            "en", Set.of("the", "and", "of", "to", "is", "in", "for", "that", "with", "this", "be", "are", "on", "by"),
            "es", Set.of("el", "la", "de", "que", "y", "en", "los", "las", "por", "para", "con", "una", "del", "se"),
            "fr", Set.of("le", "la", "les", "de", "des", "et", "est", "une", "pour", "dans", "que", "du", "sur", "au"),
            "de",
                    Set.of(
                            "der", "die", "das", "und", "ist", "nicht", "mit", "für", "den", "ein", "eine", "zu", "von",
                            "auf"),
            "pt", Set.of("o", "os", "de", "que", "e", "do", "da", "em", "para", "com", "uma", "não", "dos", "pelo"),
            "it",
                    Set.of(
                            "il", "di", "che", "e", "la", "per", "un", "una", "sono", "con", "del", "della", "gli",
                            "non"));

    private LanguageDetector() {}

    /** ISO 639-1 code, or null when the text is too short or matches no language clearly. */
    public static String detect(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+");
        if (words.length < 5) {
            return null;
        }
        String best = null;
        int bestScore = 0;
        for (Map.Entry<String, Set<String>> language : STOPWORDS.entrySet()) {
            int score = 0;
            for (String word : words) {
                if (language.getValue().contains(word)) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = language.getKey();
                bestScore = score;
            }
        }
        return bestScore * 20 >= words.length ? best : null;
    }
}

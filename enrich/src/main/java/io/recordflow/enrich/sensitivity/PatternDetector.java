package io.recordflow.enrich.sensitivity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular-expression detector with an optional validity check on the match (checksum, context) and
 * a confidence raised when a label such as "SSN:" stands just before the match. A cue (a digit, an "@", a label word)
 * that every finding needs keeps the search off texts that cannot hold one: searching is the cost, and most texts hold
 * no e-mail address and no date-of-birth label.
 */
public final class PatternDetector implements Detector {
    private static final int LABEL_WINDOW = 40;

    private final String type;
    private final Pattern pattern;
    private final Pattern label;
    private final boolean labelRequired;
    private final Predicate<String> valid;
    private final String note;
    private final Predicate<String> cue;

    PatternDetector(
            String type,
            Pattern pattern,
            Pattern label,
            boolean labelRequired,
            Predicate<String> valid,
            String note,
            Predicate<String> cue) {
        this.type = type;
        this.pattern = pattern;
        this.label = label;
        this.labelRequired = labelRequired;
        this.valid = valid;
        this.note = note;
        this.cue = cue;
    }

    /** A cue met by any ASCII digit, which {@code \\d} needs. */
    static Predicate<String> anyDigit() {
        return text -> text.chars().anyMatch(c -> c >= '0' && c <= '9');
    }

    /** A cue met by {@code c}. */
    static Predicate<String> anyChar(char c) {
        return text -> text.indexOf(c) >= 0;
    }

    /**
     * A cue met by any of {@code words} (lower case), compared ignoring ASCII case as the labels' patterns do; lower
     * casing may only add cues, never lose one.
     */
    static Predicate<String> anyWord(String... words) {
        return text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            for (String word : words) {
                if (lower.contains(word)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The same detector searching every text, for tests that check the cue never hides a finding. */
    PatternDetector withoutCue() {
        return new PatternDetector(type, pattern, label, labelRequired, valid, note, text -> true);
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> findings = new ArrayList<>();
        if (!cue.test(text)) {
            return findings;
        }
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (!valid.test(m.group())) {
                continue;
            }
            boolean labelled = label != null
                    && label.matcher(text.substring(Math.max(0, m.start() - LABEL_WINDOW), m.start()))
                            .find();
            if (labelRequired && !labelled) {
                continue;
            }
            findings.add(new Finding(
                    type, m.start(), m.end(), labelled ? 0.95 : 0.7, labelled ? note + ", labelled" : note));
        }
        return findings;
    }

    @Override
    public String toString() {
        return "PatternDetector[" + type + ", " + note + "]";
    }
}

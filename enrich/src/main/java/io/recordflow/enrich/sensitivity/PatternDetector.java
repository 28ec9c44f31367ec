package io.recordflow.enrich.sensitivity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular-expression detector with an optional validity check on the match (checksum, context) and
 * a confidence raised when a label such as "SSN:" stands just before the match. A cue (a digit, an "@", a label word)
 * that every finding needs keeps the search off texts that cannot hold one: searching is the cost, and most texts hold
 * no e-mail address and no date-of-birth label. A pattern whose matches consist only of digits and a few separators
 * is searched only in the runs of those characters that hold a digit, so prose between numbers is not searched at all.
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
    /** Every character a match can hold, one of them a digit; null when matches can hold others (search everything). */
    private final IntPredicate alphabet;

    PatternDetector(
            String type,
            Pattern pattern,
            Pattern label,
            boolean labelRequired,
            Predicate<String> valid,
            String note,
            Predicate<String> cue) {
        this(type, pattern, label, labelRequired, valid, note, cue, null);
    }

    private PatternDetector(
            String type,
            Pattern pattern,
            Pattern label,
            boolean labelRequired,
            Predicate<String> valid,
            String note,
            Predicate<String> cue,
            IntPredicate alphabet) {
        this.type = type;
        this.pattern = pattern;
        this.label = label;
        this.labelRequired = labelRequired;
        this.valid = valid;
        this.note = note;
        this.cue = cue;
        this.alphabet = alphabet;
    }

    /**
     * This detector searching only the runs of {@code alphabet} characters that hold an ASCII digit: exact when every
     * match of the pattern consists of such characters and holds a digit, as lookarounds still see the whole text.
     */
    PatternDetector within(IntPredicate alphabet) {
        return new PatternDetector(type, pattern, label, labelRequired, valid, note, cue, alphabet);
    }

    /** ASCII digits (all {@code \\d} matches without UNICODE_CHARACTER_CLASS) and the characters in {@code others}. */
    static IntPredicate digitsAnd(String others) {
        return c -> isDigit(c) || others.indexOf(c) >= 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A cue met by any ASCII digit, which {@code \\d} needs. */
    static Predicate<String> anyDigit() {
        return text -> nextDigit(text, 0) >= 0;
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

    /** The same detector searching every text, all of it, for tests that check the shortcuts never hide a finding. */
    PatternDetector withoutCue() {
        return new PatternDetector(type, pattern, label, labelRequired, valid, note, text -> true, null);
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> findings = new ArrayList<>();
        if (!cue.test(text)) {
            return findings;
        }
        Matcher m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        if (alphabet == null) {
            collect(m, text, findings);
            return findings;
        }
        int from = 0;
        while (from < text.length()) {
            int digit = nextDigit(text, from);
            if (digit < 0) {
                break;
            }
            int start = digit;
            while (start > from && alphabet.test(text.charAt(start - 1))) {
                start--;
            }
            int end = digit + 1;
            while (end < text.length() && alphabet.test(text.charAt(end))) {
                end++;
            }
            collect(m.region(start, end), text, findings);
            from = end;
        }
        return findings;
    }

    private static int nextDigit(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (isDigit(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private void collect(Matcher m, String text, List<Finding> findings) {
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
    }

    @Override
    public String toString() {
        return "PatternDetector[" + type + ", " + note + "]";
    }
}

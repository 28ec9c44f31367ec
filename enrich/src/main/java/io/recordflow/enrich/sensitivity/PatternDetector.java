package io.recordflow.enrich.sensitivity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular-expression detector with an optional validity check on the match (checksum, context) and
 * a confidence raised when a label such as "SSN:" stands just before the match.
 */
public final class PatternDetector implements Detector {
    private static final int LABEL_WINDOW = 40;

    private final String type;
    private final Pattern pattern;
    private final Pattern label;
    private final boolean labelRequired;
    private final Predicate<String> valid;
    private final String note;

    PatternDetector(
            String type, Pattern pattern, Pattern label, boolean labelRequired, Predicate<String> valid, String note) {
        this.type = type;
        this.pattern = pattern;
        this.label = label;
        this.labelRequired = labelRequired;
        this.valid = valid;
        this.note = note;
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> findings = new ArrayList<>();
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
}

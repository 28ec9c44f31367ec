package io.recordflow.enrich.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Heuristics for prompt injection in untrusted document text: instructions addressed to the model,
 * role or chat-template markers, attempts to dictate the classification or to close our delimiters.
 * Weights add up; a total at or above the threshold marks the record suspicious.
 */
public final class InjectionDetector {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    /**
     * A rule and its cues: words (case-folded) of which every match of the pattern contains at least one, so that a
     * text holding none of them is not searched. Searching is the cost; most records hold none of the cues. When every
     * match also begins with one of {@code starts}, only the places where one stands are tried.
     */
    record Rule(String name, Pattern pattern, double weight, List<String> cues, List<String> starts) {
        boolean mayMatch(String foldedText) {
            for (String cue : cues) {
                if (foldedText.contains(cue)) {
                    return true;
                }
            }
            return false;
        }

        /** The leftmost match in {@code text}; {@code foldedText} is {@link #fold(String)} of it. */
        Optional<MatchResult> firstMatch(String text, String foldedText) {
            Matcher m = pattern.matcher(text);
            if (starts.isEmpty()) {
                return m.find() ? Optional.of(m.toMatchResult()) : Optional.empty();
            }
            // Lookarounds and \b see the whole text; ^ and $ do not match at the edge of the region.
            m.useTransparentBounds(true).useAnchoringBounds(false);
            for (int at : startPositions(foldedText)) {
                if (m.region(at, text.length()).lookingAt()) {
                    return Optional.of(m.toMatchResult());
                }
            }
            return Optional.empty();
        }

        private int[] startPositions(String foldedText) {
            IntStream.Builder positions = IntStream.builder();
            for (String start : starts) {
                for (int at = foldedText.indexOf(start); at >= 0; at = foldedText.indexOf(start, at + 1)) {
                    positions.add(at);
                }
            }
            return positions.build().sorted().distinct().toArray();
        }
    }

    private static final List<Rule> RULES = List.of(
            startingWithACue(
                    "ignore-instructions",
                    "\\b(ignore|disregard|forget|override|bypass)\\b.{0,40}\\b(previous|prior|above|earlier|all|your|system|these)\\b.{0,30}\\b(instructions?|prompts?|rules|directions|guidelines|context)\\b",
                    1.0,
                    List.of("ignore", "disregard", "forget", "override", "bypass")),
            // Role changes aimed at a model; "you are now eligible" or "act as the system owner" are ordinary prose.
            startingWithACue(
                    "role-reassignment",
                    "\\byou are (now|no longer) (an?|the|in) (\\w+ ){0,3}(assistant|model|ai|llm|chatbot|classifier|mode)\\b"
                            + "|\\bfrom now on,? you (will|must|shall) (only )?(answer|respond|reply|output|classify|ignore)\\b"
                            + "|\\b(act|behave) as (an? |the )?(unrestricted |unfiltered |helpful )?(ai|assistant|language model|chatbot|llm)\\b"
                            + "|\\bpretend (to be|you are) (an? |the )?(different |new )?(ai|assistant|model|system)\\b",
                    0.8,
                    List.of("you are", "from now on", "act as", "behave as", "pretend")),
            rule(
                    "new-instructions",
                    "\\b(new|updated|real|actual) (system )?(instructions?|prompt|task)\\s*:",
                    0.8,
                    List.of("instruction", "prompt", "task"),
                    List.of("new", "updated", "real", "actual")),
            rule(
                    "prompt-exfiltration",
                    "\\b(reveal|print|show|repeat|output)\\b.{0,30}\\b(system prompt|your (instructions|prompt)|hidden prompt)\\b",
                    1.0,
                    List.of("prompt", "instructions"),
                    List.of("reveal", "print", "show", "repeat", "output")),
            rule(
                    "dictated-output",
                    "\\b(classify|categori[sz]e|label|mark)\\b.{0,40}\\b(this|the) (document|record|file|text)\\b.{0,20}\\bas\\b|\\b(set|give|assign)\\b.{0,20}\\bconfidence\\b.{0,20}\\b(to|of)\\b\\s*[01](\\.\\d+)?|\\brespond (only )?with\\b|\\bdo not (flag|report|mention)\\b",
                    0.6,
                    List.of("classify", "categoris", "categoriz", "label", "mark", "confidence", "respond", "do not"),
                    List.of(
                            "classify",
                            "categoris",
                            "categoriz",
                            "label",
                            "mark",
                            "set",
                            "give",
                            "assign",
                            "respond",
                            "do not")),
            rule(
                    "chat-template-marker",
                    "<\\|?(im_start|im_end|system|assistant|user|begin_of_text|start_header_id|eot_id)\\|?>|\\[/?INST\\]|<<\\/?SYS>>|^\\s*#{2,}\\s*(system|instruction|assistant)\\b",
                    1.0,
                    List.of(
                            "im_start",
                            "im_end",
                            "system",
                            "assistant",
                            "user",
                            "begin_of_text",
                            "start_header_id",
                            "eot_id",
                            "inst]",
                            "sys>>",
                            "instruction")),
            startingWithACue(
                    "delimiter-escape", "<<<\\s*(END|BEGIN)[ _]?(UNTRUSTED[ _])?DOCUMENT", 1.0, List.of("<<<")),
            startingWithACue(
                    "addressed-to-model",
                    "\\b(dear|attention|note to|hey)\\b.{0,10}\\b(ai|assistant|llm|language model|chatbot|classifier)\\b",
                    0.5,
                    List.of("dear", "attention", "note to", "hey")));

    private final double threshold;

    public InjectionDetector(double threshold) {
        this.threshold = threshold;
    }

    private static Rule rule(String name, String regex, double weight, List<String> cues) {
        return rule(name, regex, weight, cues, List.of());
    }

    /** A rule every match of which begins with one of {@code starts} (case-folded). */
    private static Rule rule(String name, String regex, double weight, List<String> cues, List<String> starts) {
        return new Rule(name, Pattern.compile(regex, FLAGS | Pattern.MULTILINE), weight, cues, starts);
    }

    /** A rule every match of which begins with one of its cues. */
    private static Rule startingWithACue(String name, String regex, double weight, List<String> cues) {
        return rule(name, regex, weight, cues, cues);
    }

    /** The rules, for tests that check every match holds a cue. */
    static List<Rule> rules() {
        return RULES;
    }

    /**
     * The text folded as the patterns compare characters under {@code CASE_INSENSITIVE | UNICODE_CASE} (lower case of
     * the upper case, char by char): a cue is in the folded text exactly when the pattern's literal could match there,
     * so a long s or a Kelvin sign cannot slip a cue past the check.
     */
    static String fold(String text) {
        char[] folded = new char[text.length()];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = Character.toLowerCase(Character.toUpperCase(text.charAt(i)));
        }
        return new String(folded);
    }

    public InjectionVerdict inspect(String text) {
        List<InjectionVerdict.Signal> signals = new ArrayList<>();
        double score = 0;
        String folded = fold(text);
        for (Rule rule : RULES) {
            if (!rule.mayMatch(folded)) {
                continue;
            }
            Optional<MatchResult> match = rule.firstMatch(text, folded);
            if (match.isPresent()) {
                signals.add(new InjectionVerdict.Signal(
                        rule.name(), match.get().start(), match.get().end(), rule.weight()));
                score += rule.weight();
            }
        }
        return new InjectionVerdict(score >= threshold, score, signals);
    }
}

package io.recordflow.enrich.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for Llama in tests: classifies by subject keywords and summarises by quoting
 * the first sentence, always in the JSON shape RecordFlow's schemas ask for.
 */
public final class RuleBasedModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> RULES = new LinkedHashMap<>();

    static {
        RULES.put("foia", "GRS-4.2-020");
        RULES.put("freedom of information", "GRS-4.2-020");
        RULES.put("phishing", "GRS-3.2-020");
        RULES.put("incident", "GRS-3.2-020");
        RULES.put("personnel action", "GRS-2.2-040");
        RULES.put("budget", "GRS-1.3-010");
        RULES.put("contract", "GRS-1.1-010");
        RULES.put("invoice", "GRS-1.1-010");
    }

    private static final String ONE_CALL_INSTRUCTION = "Classify and summarise";
    /** The end of a sentence: found once, where splitting the whole text cost most of a benchmark server's time. */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s");

    private RuleBasedModel() {}

    /** The category the rules give a text, or the office-administration item. */
    public static String categoryOf(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return RULES.entrySet().stream()
                .filter(e -> lower.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("GRS-5.1-010");
    }

    /**
     * Content of the assistant message for a classification or a summary request about {@code userText}. A
     * classification request that asks for a summary too (the one-call prompt's instruction, "Classify and summarise
     * this record.") gets both, as a model given the one-call schema answers.
     */
    public static String answer(boolean classification, String userText) {
        ObjectNode node = JSON.createObjectNode();
        if (classification) {
            classify(node, userText);
        }
        if (!classification || userText.startsWith(ONE_CALL_INSTRUCTION)) {
            summarise(node, userText);
        }
        return node.toString();
    }

    private static void classify(ObjectNode node, String userText) {
        String code = categoryOf(userText);
        node.put("category", code);
        node.put("confidence", code.equals("GRS-5.1-010") ? 0.55 : 0.92);
        node.put("rationale", "Subject matter matches " + code + ".");
        node.putArray("alternatives").addObject().put("category", "GRS-5.2-010").put("confidence", 0.03);
        node.put("cui", false);
        node.putArray("foiaExemptions");
        node.put("injectionSuspected", false);
    }

    private static void summarise(ObjectNode node, String userText) {
        String body = userText.contains(">>>\n") ? userText.substring(userText.indexOf(">>>\n") + 4) : userText;
        Matcher end = SENTENCE_END.matcher(body);
        String first = (end.find() ? body.substring(0, end.start()) : body).strip();
        node.put("summary", "The record concerns: " + (first.length() > 200 ? first.substring(0, 200) : first));
        node.putArray("keywords").add("records").add(categoryOf(userText).toLowerCase(Locale.ROOT));
        node.put("language", "en");
    }
}

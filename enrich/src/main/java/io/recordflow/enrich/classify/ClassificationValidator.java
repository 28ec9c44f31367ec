package io.recordflow.enrich.classify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordflow.enrich.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks a model answer against the schema the model was given: JSON, known codes, confidences in [0, 1]. */
public final class ClassificationValidator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Taxonomy taxonomy;

    public ClassificationValidator(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    /** The parsed answer, or the list of problems to feed back in a repair prompt. */
    public Result validate(String answer) {
        JsonNode root;
        try {
            root = JSON.readTree(stripFence(answer));
        } catch (JsonProcessingException e) {
            return Result.invalid(List.of("the answer is not valid JSON (" + e.getOriginalMessage() + ")"));
        }
        if (root == null || !root.isObject()) {
            return Result.invalid(List.of("the answer is not a JSON object"));
        }
        List<String> problems = new ArrayList<>();
        String code = code(root.get("category"), "category", problems);
        double confidence = probability(root.get("confidence"), "confidence", problems);
        List<ModelClassification.Alternative> alternatives = new ArrayList<>();
        JsonNode alts = root.path("alternatives");
        if (!alts.isMissingNode() && !alts.isArray()) {
            problems.add("\"alternatives\" must be an array");
        }
        for (JsonNode alt : alts.isArray() ? alts : JSON.createArrayNode()) {
            String altCode = code(alt.get("category"), "alternatives.category", problems);
            double altConfidence = probability(alt.get("confidence"), "alternatives.confidence", problems);
            if (altCode != null && !altCode.equals(code)) {
                alternatives.add(new ModelClassification.Alternative(altCode, altConfidence));
            }
        }
        List<String> exemptions = new ArrayList<>();
        for (JsonNode e : root.path("foiaExemptions")) {
            String value = e.asText("").toLowerCase(Locale.ROOT).replaceAll("[()]", "");
            if (ClassificationPrompt.FOIA_EXEMPTIONS.contains(value)) {
                exemptions.add(value);
            } else {
                problems.add("\"foiaExemptions\" value '" + e.asText() + "' is not one of b1-b9");
            }
        }
        if (!problems.isEmpty()) {
            return Result.invalid(problems);
        }
        String rationale =
                root.path("rationale").isTextual() ? root.get("rationale").asText() : null;
        return Result.valid(new ModelClassification(
                code,
                confidence,
                rationale,
                alternatives,
                root.path("cui").asBoolean(false),
                exemptions,
                root.path("injectionSuspected").asBoolean(false)));
    }

    private String code(JsonNode node, String field, List<String> problems) {
        if (node == null || !node.isTextual()) {
            problems.add("\"" + field + "\" is missing or not a string");
            return null;
        }
        if (taxonomy.find(node.asText()).isEmpty()) {
            problems.add("\"" + field + "\" '" + truncate(node.asText()) + "' is not a code of the records schedule");
            return null;
        }
        return node.asText();
    }

    private static double probability(JsonNode node, String field, List<String> problems) {
        if (node == null || !node.isNumber()) {
            problems.add("\"" + field + "\" is missing or not a number");
            return 0;
        }
        double value = node.asDouble();
        if (value < 0 || value > 1 || Double.isNaN(value)) {
            problems.add("\"" + field + "\" " + value + " is outside [0, 1]");
        }
        return value;
    }

    /** Some models wrap JSON in a Markdown fence despite the response format; the content is still usable. */
    private static String stripFence(String answer) {
        String trimmed = answer.strip();
        if (trimmed.startsWith("```")) {
            trimmed = trimmed.replaceFirst("^```(json)?\\s*", "").replaceFirst("\\s*```$", "");
        }
        return trimmed;
    }

    private static String truncate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** Either a classification or the problems found. */
    public record Result(ModelClassification classification, List<String> problems) {
        static Result valid(ModelClassification c) {
            return new Result(c, List.of());
        }

        static Result invalid(List<String> problems) {
            return new Result(null, List.copyOf(problems));
        }

        public boolean isValid() {
            return classification != null;
        }
    }
}

package io.recordflow.enrich.summarize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The summary part of a model answer: {@code summary}, {@code keywords} and {@code language} as the summary schema
 * (and the one-call analysis schema) ask for them. Missing keywords and language fall back to deterministic
 * extraction when the outcome is made.
 */
public record SummaryAnswer(String summary, List<String> keywords, String language) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public SummaryAnswer {
        keywords = List.copyOf(keywords);
    }

    /** The answer's summary fields, or empty when it is no JSON object with a non-blank {@code summary}. */
    public static Optional<SummaryAnswer> parse(String answer) {
        JsonNode node;
        try {
            node = JSON.readTree(stripFence(answer));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (node == null
                || !node.path("summary").isTextual()
                || node.get("summary").asText().isBlank()) {
            return Optional.empty();
        }
        List<String> keywords = new ArrayList<>();
        node.path("keywords").forEach(k -> keywords.add(k.asText()));
        String language = node.path("language").isTextual()
                        && node.get("language").asText().matches("[a-zA-Z]{2}")
                ? node.get("language").asText().toLowerCase(Locale.ROOT)
                : null;
        return Optional.of(new SummaryAnswer(node.get("summary").asText().strip(), keywords, language));
    }

    /** Like {@link #parse}, but a summary is free text: an answer that ignored the format is still a usable one. */
    public static SummaryAnswer lenient(String answer) {
        return parse(answer).orElseGet(() -> new SummaryAnswer(answer.strip(), List.of(), null));
    }

    /**
     * The outcome for {@code text}, keywords and language extracted from it where the answer gave none.
     *
     * @param modelCalls requests sent to the model server for this summary alone
     */
    public SummaryOutcome outcome(
            String text, boolean chunked, int chunks, Integer tokensIn, Integer tokensOut, int modelCalls) {
        return new SummaryOutcome(
                summary,
                keywords.isEmpty() ? KeywordExtractor.keywords(text, 6) : keywords,
                language == null ? LanguageDetector.detect(text) : language,
                chunked,
                chunks,
                tokensIn,
                tokensOut,
                modelCalls);
    }

    /** Some models wrap JSON in a Markdown fence despite the response format; the content is still usable. */
    private static String stripFence(String answer) {
        String trimmed = answer.strip();
        if (trimmed.startsWith("```")) {
            trimmed = trimmed.replaceFirst("^```(json)?\\s*", "").replaceFirst("\\s*```$", "");
        }
        return trimmed;
    }
}

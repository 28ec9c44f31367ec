package io.recordflow.enrich.summarize;

import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.local.LocalEmbeddings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Extractive summary with the offline embedding model: the sentences closest to the document's overall
 * meaning (the centroid of all sentence embeddings), up to three, in their original order.
 */
public final class ExtractiveSummarizer {
    private static final int MAX_SENTENCES = 200;
    private static final int SUMMARY_SENTENCES = 3;
    /**
     * Longest sentence taken into a summary, in characters: text without sentence punctuation (an ID3 comment of
     * 5,000,000 letters) is one "sentence", and a summary holding it made a 4 MB analysis that no changelog or topic
     * takes, which stopped the enrich instance.
     */
    static final int MAX_SENTENCE_CHARS = 1_000;

    private final LocalEmbeddings embeddings;

    public ExtractiveSummarizer(LocalEmbeddings embeddings) {
        this.embeddings = embeddings;
    }

    public SummaryOutcome summarize(String text) throws LlmException {
        List<String> sentences = sentences(text);
        boolean chunked = sentences.size() > MAX_SENTENCES;
        List<String> considered = chunked ? sentences.subList(0, MAX_SENTENCES) : sentences;
        String summary;
        if (considered.size() <= SUMMARY_SENTENCES) {
            summary = String.join(" ", considered);
        } else {
            List<float[]> vectors = embeddings.embed(considered);
            float[] centroid = new float[vectors.get(0).length];
            for (float[] v : vectors) {
                for (int i = 0; i < v.length; i++) {
                    centroid[i] += v[i] / vectors.size();
                }
            }
            summary = IntStream.range(0, considered.size())
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> LocalEmbeddings.cosine(vectors.get(i), centroid))
                            .reversed())
                    .limit(SUMMARY_SENTENCES)
                    .sorted()
                    .map(considered::get)
                    .reduce((a, b) -> a + " " + b)
                    .orElse("");
        }
        return new SummaryOutcome(
                summary,
                KeywordExtractor.keywords(text, 6),
                LanguageDetector.detect(text),
                chunked,
                1,
                TokenBudget.estimateTokens(String.join(" ", considered)),
                null,
                0);
    }

    static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        for (String s : text.strip().split("(?<=[.!?])\\s+|\\n{2,}")) {
            String sentence = s.replaceAll("\\s+", " ").strip();
            if (sentence.length() >= 20) {
                sentences.add(bounded(sentence));
            }
        }
        if (sentences.isEmpty() && !text.isBlank()) {
            sentences.add(bounded(text.strip().replaceAll("\\s+", " ")));
        }
        return sentences;
    }

    private static String bounded(String sentence) {
        return sentence.length() <= MAX_SENTENCE_CHARS
                ? sentence
                : sentence.substring(0, MAX_SENTENCE_CHARS - 1) + "\u2026";
    }
}

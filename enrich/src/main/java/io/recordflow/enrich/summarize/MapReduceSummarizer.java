package io.recordflow.enrich.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.llm.LlmRequest;
import io.recordflow.enrich.llm.TokenTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Summarises with a chat model. Text that does not fit num_ctx is split into chunks, each chunk
 * summarised (map) and the partial summaries summarised again (reduce), recursively if needed: nothing
 * is silently cut off. An unparseable answer falls back to the answer text, and the keywords and
 * language to deterministic extraction.
 */
public final class MapReduceSummarizer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmProvider provider;
    private final TokenBudget budget;

    public MapReduceSummarizer(LlmProvider provider, int numCtx) {
        this.provider = provider;
        this.budget = new TokenBudget(numCtx);
    }

    public SummaryOutcome summarize(String text) throws LlmException {
        TokenTally tally = new TokenTally();
        if (budget.fits(text)) {
            Parsed parsed = call(SummaryPrompt.single(text), tally);
            return outcome(parsed, text, false, 1, tally);
        }
        List<String> chunks = TextChunker.chunk(text, budget.maxDocumentChars());
        List<String> partials = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            partials.add(call(SummaryPrompt.map(chunks.get(i), i + 1, chunks.size()), tally)
                    .summary());
        }
        Parsed combined = reduce(partials, tally);
        return outcome(combined, text, true, chunks.size(), tally);
    }

    private Parsed reduce(List<String> partials, TokenTally tally) throws LlmException {
        String joined = String.join("\n", partials);
        if (budget.fits(joined) || partials.size() < 2) {
            return call(SummaryPrompt.reduce(partials), tally);
        }
        // Too many partial summaries for one call: reduce them in groups first.
        List<String> next = new ArrayList<>();
        for (String group : TextChunker.chunk(joined, budget.maxDocumentChars())) {
            next.add(call(SummaryPrompt.reduce(List.of(group)), tally).summary());
        }
        return reduce(next, tally);
    }

    private Parsed call(LlmRequest request, TokenTally tally) throws LlmException {
        LlmReply reply = provider.chat(request);
        tally.add(reply);
        return Parsed.of(reply.text());
    }

    private static SummaryOutcome outcome(Parsed parsed, String text, boolean chunked, int chunks, TokenTally tally) {
        List<String> keywords = parsed.keywords().isEmpty() ? KeywordExtractor.keywords(text, 6) : parsed.keywords();
        String language = parsed.language() == null ? LanguageDetector.detect(text) : parsed.language();
        return new SummaryOutcome(parsed.summary(), keywords, language, chunked, chunks, tally.in(), tally.out());
    }

    private record Parsed(String summary, List<String> keywords, String language) {
        static Parsed of(String answer) {
            try {
                JsonNode node = JSON.readTree(answer);
                if (node != null && node.path("summary").isTextual()) {
                    List<String> keywords = new ArrayList<>();
                    node.path("keywords").forEach(k -> keywords.add(k.asText()));
                    String language = node.path("language").isTextual()
                                    && node.get("language").asText().matches("[a-zA-Z]{2}")
                            ? node.get("language").asText().toLowerCase(Locale.ROOT)
                            : null;
                    return new Parsed(node.get("summary").asText().strip(), keywords, language);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // A summary is free text: a model that ignored the format still produced a usable one.
            }
            return new Parsed(answer.strip(), List.of(), null);
        }
    }
}

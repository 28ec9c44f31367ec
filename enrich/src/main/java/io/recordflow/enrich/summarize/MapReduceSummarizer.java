package io.recordflow.enrich.summarize;

import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.llm.LlmRequest;
import io.recordflow.enrich.llm.TokenTally;
import java.util.ArrayList;
import java.util.List;

/**
 * Summarises with a chat model. Text that does not fit num_ctx is split into chunks, each chunk
 * summarised (map) and the partial summaries summarised again (reduce), recursively if needed: nothing
 * is silently cut off. An unparseable answer falls back to the answer text, and the keywords and
 * language to deterministic extraction.
 */
public final class MapReduceSummarizer {
    private final LlmProvider provider;
    private final TokenBudget budget;

    public MapReduceSummarizer(LlmProvider provider, int numCtx) {
        this.provider = provider;
        this.budget = new TokenBudget(numCtx);
    }

    public SummaryOutcome summarize(String text) throws LlmException {
        TokenTally tally = new TokenTally();
        if (budget.fits(text)) {
            return call(SummaryPrompt.single(text), tally)
                    .outcome(text, false, 1, tally.in(), tally.out(), tally.calls());
        }
        List<String> chunks = TextChunker.chunk(text, budget.maxDocumentChars());
        List<String> partials = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            partials.add(call(SummaryPrompt.map(chunks.get(i), i + 1, chunks.size()), tally)
                    .summary());
        }
        return reduce(partials, tally).outcome(text, true, chunks.size(), tally.in(), tally.out(), tally.calls());
    }

    private SummaryAnswer reduce(List<String> partials, TokenTally tally) throws LlmException {
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

    private SummaryAnswer call(LlmRequest request, TokenTally tally) throws LlmException {
        LlmReply reply = provider.chat(request);
        tally.add(reply);
        return SummaryAnswer.lenient(reply.text());
    }
}

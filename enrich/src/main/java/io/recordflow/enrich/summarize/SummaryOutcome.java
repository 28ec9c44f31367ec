package io.recordflow.enrich.summarize;

import java.util.List;

/** A summary with keywords and language, whether the text was chunked, and the tokens it took. */
public record SummaryOutcome(
        String summary,
        List<String> keywords,
        String language,
        boolean chunked,
        int chunks,
        Integer tokensIn,
        Integer tokensOut) {
    public SummaryOutcome {
        keywords = List.copyOf(keywords);
    }
}

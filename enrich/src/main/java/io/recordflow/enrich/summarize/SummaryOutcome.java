package io.recordflow.enrich.summarize;

import java.util.List;

/**
 * A summary with keywords and language, whether the text was chunked, the tokens it took and the requests it sent to
 * the model server ({@code modelCalls}: 0 when it came from another call's answer or from no model server at all).
 */
public record SummaryOutcome(
        String summary,
        List<String> keywords,
        String language,
        boolean chunked,
        int chunks,
        Integer tokensIn,
        Integer tokensOut,
        int modelCalls) {
    public SummaryOutcome {
        keywords = List.copyOf(keywords);
    }
}

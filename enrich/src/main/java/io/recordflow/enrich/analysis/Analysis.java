package io.recordflow.enrich.analysis;

import io.recordflow.enrich.classify.ClassificationOutcome;
import io.recordflow.enrich.summarize.SummaryOutcome;

/**
 * What the model said about one record: classification (or why it has none) and summary, with token counts,
 * the SHA-256 of the text analysed and where that text came from (see {@link TextSource}).
 */
public record Analysis(
        ClassificationOutcome classification, SummaryOutcome summary, String inputSha256, String textOrigin) {

    public Integer tokensIn() {
        return sum(classification.tokensIn(), summary.tokensIn());
    }

    public Integer tokensOut() {
        return sum(classification.tokensOut(), summary.tokensOut());
    }

    /** Requests sent to the model server for this analysis, repairs and map-reduce chunks included. */
    public int modelCalls() {
        return classification.modelCalls() + (summary == null ? 0 : summary.modelCalls());
    }

    public boolean chunked() {
        return summary.chunked();
    }

    private static Integer sum(Integer a, Integer b) {
        return a == null ? b : b == null ? a : Integer.valueOf(a + b);
    }
}

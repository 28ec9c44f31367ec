package io.recordflow.enrich.analysis;

import io.recordflow.enrich.classify.ClassificationOutcome;
import io.recordflow.enrich.summarize.SummaryOutcome;

/** What the model said about one record: classification (or why it has none) and summary, with token counts. */
public record Analysis(ClassificationOutcome classification, SummaryOutcome summary) {

    public Integer tokensIn() {
        return sum(classification.tokensIn(), summary.tokensIn());
    }

    public Integer tokensOut() {
        return sum(classification.tokensOut(), summary.tokensOut());
    }

    public boolean chunked() {
        return summary.chunked();
    }

    private static Integer sum(Integer a, Integer b) {
        return a == null ? b : b == null ? a : Integer.valueOf(a + b);
    }
}

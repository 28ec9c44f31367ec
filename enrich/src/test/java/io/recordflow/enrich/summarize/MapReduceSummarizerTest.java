package io.recordflow.enrich.summarize;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.enrich.testing.FakeLlmProvider;
import org.junit.jupiter.api.Test;

class MapReduceSummarizerTest {

    @Test
    void shouldSummariseShortTextInOneCall() throws Exception {
        FakeLlmProvider provider = new FakeLlmProvider();

        SummaryOutcome outcome =
                new MapReduceSummarizer(provider, 8192).summarize("Budget request for FY2026. It asks for funds.");

        assertThat(outcome.chunked()).isFalse();
        assertThat(outcome.summary()).startsWith("The record concerns: Budget request for FY2026.");
        assertThat(outcome.language()).isEqualTo("en");
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void shouldChunkTextLongerThanContextAndReduce() throws Exception {
        FakeLlmProvider provider = new FakeLlmProvider();
        String paragraph = "The contractor delivered the quarterly report on schedule and the agency accepted it. ";
        String text = paragraph.repeat(200); // ~17,000 characters, more than num_ctx 4096 allows in one call

        SummaryOutcome outcome = new MapReduceSummarizer(provider, 4096).summarize(text);

        int perCall = new TokenBudget(4096).maxDocumentChars();
        assertThat(outcome.chunked()).isTrue();
        assertThat(outcome.chunks()).isEqualTo(provider.requests().size() - 1).isGreaterThan(1);
        assertThat(provider.requests())
                .allSatisfy(
                        r -> assertThat(FakeLlmProvider.documentOf(r).length()).isLessThanOrEqualTo(perCall));
        assertThat(provider.requests()
                        .get(provider.requests().size() - 1)
                        .turns()
                        .get(0)
                        .text())
                .contains("Part 1:");
        assertThat(outcome.tokensIn()).isGreaterThan(text.length() / 4);
    }

    @Test
    void shouldFallBackToAnswerTextAndExtractedKeywordsWhenAnswerIsNotJson() throws Exception {
        FakeLlmProvider provider = new FakeLlmProvider().scriptSummary("A plain-text summary of the invoice.");

        SummaryOutcome outcome = new MapReduceSummarizer(provider, 8192)
                .summarize("Invoice for laptops. The invoice lists laptops and docking stations for the office.");

        assertThat(outcome.summary()).isEqualTo("A plain-text summary of the invoice.");
        assertThat(outcome.keywords()).contains("invoice", "laptops");
    }

    @Test
    void shouldSplitAtSentenceBoundaries() {
        assertThat(TextChunker.chunk("One two. Three four. Five six.", 12))
                .containsExactly("One two.", "Three four.", "Five six.");
    }
}

package io.recordflow.enrich.analysis;

import io.recordflow.enrich.classify.ClassificationOutcome;
import io.recordflow.enrich.classify.ClassificationPrompt;
import io.recordflow.enrich.classify.DocumentView;
import io.recordflow.enrich.classify.LlmClassifier;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmImage;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.enrich.summarize.MapReduceSummarizer;
import io.recordflow.enrich.summarize.SummaryOutcome;
import io.recordflow.enrich.summarize.SummaryPrompt;
import io.recordflow.enrich.summarize.TokenBudget;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.records.AgencyRecord;
import java.util.List;

/**
 * Analysis with a chat model: a (map-reduce) summary first, then classification of the full text when it
 * fits num_ctx, or of the summary plus the opening of the text when it does not.
 */
public final class LlmAnalyzer implements Analyzer {
    public static final String PROMPT_VERSION = ClassificationPrompt.VERSION + "+" + SummaryPrompt.VERSION;

    private final LlmProvider provider;
    private final LlmClassifier classifier;
    private final MapReduceSummarizer summarizer;
    private final TokenBudget budget;
    private final ImageLoader images;
    private final String promptSha256 =
            PromptHash.sha256(ClassificationPrompt.templates() + "\n" + SummaryPrompt.templates());

    public LlmAnalyzer(LlmProvider provider, Taxonomy taxonomy, int numCtx, int repairAttempts, ImageLoader images) {
        this.provider = provider;
        this.classifier = new LlmClassifier(provider, taxonomy, repairAttempts);
        this.summarizer = new MapReduceSummarizer(provider, numCtx);
        this.budget = new TokenBudget(numCtx);
        this.images = images;
    }

    @Override
    public ProviderInfo info() {
        return provider.info();
    }

    @Override
    public String promptVersion() {
        return PROMPT_VERSION;
    }

    @Override
    public String promptSha256() {
        return promptSha256;
    }

    @Override
    public Analysis analyze(AgencyRecord record, TextSource.Text source) throws LlmException {
        String text = source.text();
        SummaryOutcome summary = summarizer.summarize(text.isBlank() ? "(no extracted text)" : text);
        String classified = budget.fits(text)
                ? text
                : "Summary of the whole record: " + summary.summary() + "\n\nOpening of the record:\n"
                        + text.substring(
                                0,
                                Math.max(
                                        0,
                                        budget.maxDocumentChars()
                                                - summary.summary().length()
                                                - 100));
        List<LlmImage> attached = images.load(record);
        ClassificationOutcome classification =
                classifier.classify(record.getRecordId(), DocumentView.of(record, classified), attached);
        return new Analysis(classification, summary, PromptHash.sha256(text), source.origin());
    }

    @Override
    public void close() {
        provider.close();
    }
}

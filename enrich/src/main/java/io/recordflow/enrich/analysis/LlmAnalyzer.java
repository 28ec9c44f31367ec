package io.recordflow.enrich.analysis;

import io.recordflow.enrich.classify.ClassificationOutcome;
import io.recordflow.enrich.classify.ClassificationPrompt;
import io.recordflow.enrich.classify.CombinedPrompt;
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
import java.util.function.UnaryOperator;

/**
 * Analysis with a chat model. A text that fits num_ctx gets one schema-constrained call answering classification,
 * flags and summary ({@link CombinedPrompt}), plus a call per repair. A longer text gets a map-reduce summary, then
 * one classification call on the summary plus the opening of the text. Every request sent is counted in the
 * outcomes' {@code modelCalls}.
 */
public final class LlmAnalyzer implements Analyzer {
    public static final String PROMPT_VERSION =
            CombinedPrompt.VERSION + "+" + ClassificationPrompt.VERSION + "+" + SummaryPrompt.VERSION;

    private final LlmProvider provider;
    private final Taxonomy taxonomy;
    private final int numCtx;
    private final int repairAttempts;
    private final LlmClassifier classifier;
    private final MapReduceSummarizer summarizer;
    private final TokenBudget budget;
    private final ImageLoader images;
    private final String promptSha256 = PromptHash.sha256(
            CombinedPrompt.templates() + "\n" + ClassificationPrompt.templates() + "\n" + SummaryPrompt.templates());

    public LlmAnalyzer(LlmProvider provider, Taxonomy taxonomy, int numCtx, int repairAttempts, ImageLoader images) {
        this.provider = provider;
        this.taxonomy = taxonomy;
        this.numCtx = numCtx;
        this.repairAttempts = repairAttempts;
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
        List<LlmImage> attached = images.load(record);
        return budget.fits(source.text())
                ? inOneCall(record, source, attached)
                : summaryThenClassification(record, source, attached);
    }

    private Analysis inOneCall(AgencyRecord record, TextSource.Text source, List<LlmImage> attached)
            throws LlmException {
        String text = source.text();
        LlmClassifier.CombinedOutcome answer =
                classifier.classifyAndSummarize(record.getRecordId(), DocumentView.of(record, text), attached);
        // No answer held a usable summary: it gets a call of its own (counted in its outcome).
        SummaryOutcome summary = answer.summary() == null
                ? summarizer.summarize(summarized(text))
                : answer.summary().outcome(text, false, 1, null, null, 0);
        return new Analysis(answer.classification(), summary, PromptHash.sha256(text), source.origin());
    }

    private Analysis summaryThenClassification(AgencyRecord record, TextSource.Text source, List<LlmImage> attached)
            throws LlmException {
        String text = source.text();
        SummaryOutcome summary = summarizer.summarize(summarized(text));
        String classified = "Summary of the whole record: " + summary.summary() + "\n\nOpening of the record:\n"
                + text.substring(
                        0,
                        Math.max(
                                0, budget.maxDocumentChars() - summary.summary().length() - 100));
        ClassificationOutcome classification =
                classifier.classify(record.getRecordId(), DocumentView.of(record, classified), attached);
        return new Analysis(classification, summary, PromptHash.sha256(text), source.origin());
    }

    private static String summarized(String text) {
        return text.isBlank() ? "(no extracted text)" : text;
    }

    @Override
    public Analyzer sendingThrough(UnaryOperator<LlmProvider> decorator) {
        return new LlmAnalyzer(decorator.apply(provider), taxonomy, numCtx, repairAttempts, images);
    }

    @Override
    public void close() {
        provider.close();
    }
}

package io.recordflow.enrich.analysis;

import io.recordflow.enrich.classify.EmbeddingClassifier;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.enrich.llm.local.LocalEmbeddings;
import io.recordflow.enrich.summarize.ExtractiveSummarizer;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.records.AgencyRecord;

/** Offline analysis with the in-process embedding model: zero-shot classification and an extractive summary. */
public final class LocalAnalyzer implements Analyzer {
    public static final String PROMPT_VERSION = "local-zero-shot-v1";

    private final LocalEmbeddings embeddings;
    private final EmbeddingClassifier classifier;
    private final ExtractiveSummarizer summarizer;
    private final String promptSha256;

    public LocalAnalyzer(LocalEmbeddings embeddings, Taxonomy taxonomy) throws LlmException {
        this.embeddings = embeddings;
        this.classifier = new EmbeddingClassifier(embeddings, taxonomy);
        this.summarizer = new ExtractiveSummarizer(embeddings);
        // The "prompt" of a zero-shot classifier is the taxonomy text it compares against.
        StringBuilder prototypes = new StringBuilder(PROMPT_VERSION);
        taxonomy.categories()
                .forEach(c -> prototypes
                        .append('\n')
                        .append(c.code())
                        .append(c.description())
                        .append(c.examples()));
        this.promptSha256 = PromptHash.sha256(prototypes.toString());
    }

    @Override
    public ProviderInfo info() {
        return embeddings.info();
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
        return new Analysis(
                classifier.classify(text), summarizer.summarize(text), PromptHash.sha256(text), source.origin());
    }
}

package io.recordflow.enrich.analysis;

import io.recordflow.blob.BlobRoots;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.records.AgencyRecord;
import java.util.function.UnaryOperator;

/** Classifies and summarises one record with one model; safe to call from several threads. */
public interface Analyzer extends AutoCloseable {

    ProviderInfo info();

    /** Prompt version, part of the cache key and of provenance. */
    String promptVersion();

    /** SHA-256 of the prompt templates. */
    String promptSha256();

    /** Analyses {@code text}, the record's text as resolved by {@link TextSource}. */
    Analysis analyze(AgencyRecord record, TextSource.Text text) throws LlmException;

    /**
     * Analyses the text the record carries. No blob root is given, so a truncated record's full text is refused
     * (fail closed); the topology reads it through a {@link TextSource} with the configured roots instead.
     */
    default Analysis analyze(AgencyRecord record) throws LlmException {
        return analyze(record, new TextSource(BlobRoots.none()).read(record));
    }

    /**
     * This analyzer with every request to its model server sent through {@code decorator} (e.g. to meter each HTTP
     * call). An analyzer that sends no requests, such as the in-process offline model, returns itself.
     */
    default Analyzer sendingThrough(UnaryOperator<LlmProvider> decorator) {
        return this;
    }

    @Override
    default void close() {}
}

package io.recordflow.app.replay;

import io.recordflow.enrich.analysis.Analysis;
import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.TextSource;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.records.AgencyRecord;
import java.util.concurrent.atomic.AtomicLong;

/** The analyzer a replay runs, counting the analyses it is asked for (cache hits never reach it). */
final class CountingAnalyzer implements Analyzer {
    private final Analyzer delegate;
    private final AtomicLong calls = new AtomicLong();

    CountingAnalyzer(Analyzer delegate) {
        this.delegate = delegate;
    }

    long calls() {
        return calls.get();
    }

    @Override
    public ProviderInfo info() {
        return delegate.info();
    }

    @Override
    public String promptVersion() {
        return delegate.promptVersion();
    }

    @Override
    public String promptSha256() {
        return delegate.promptSha256();
    }

    @Override
    public Analysis analyze(AgencyRecord record, TextSource.Text text) throws LlmException {
        calls.incrementAndGet();
        return delegate.analyze(record, text);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

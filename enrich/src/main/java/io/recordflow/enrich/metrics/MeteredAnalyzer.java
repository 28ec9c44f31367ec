package io.recordflow.enrich.metrics;

import io.recordflow.enrich.analysis.Analysis;
import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.TextSource;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.records.AgencyRecord;
import org.slf4j.MDC;

/**
 * An {@link Analyzer} that counts its delegate's calls in {@link EnrichMetrics} (in flight, outcome, duration) and
 * puts the record id in the logging context ({@value #MDC_RECORD_ID}) while the model works on that record.
 */
public final class MeteredAnalyzer implements Analyzer {

    /** Logging-context key carrying the id of the record being analysed. */
    public static final String MDC_RECORD_ID = "recordId";

    private final Analyzer delegate;
    private final EnrichMetrics metrics;

    public MeteredAnalyzer(Analyzer delegate, EnrichMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
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
        String previous = MDC.get(MDC_RECORD_ID);
        MDC.put(MDC_RECORD_ID, record.getRecordId());
        long started = System.nanoTime();
        metrics.callStarted();
        EnrichMetrics.Outcome outcome = EnrichMetrics.Outcome.FAILED;
        try {
            Analysis analysis = delegate.analyze(record, text);
            outcome = EnrichMetrics.Outcome.OK;
            return analysis;
        } catch (LlmException e) {
            outcome = e.isTransient() ? EnrichMetrics.Outcome.RETRY : EnrichMetrics.Outcome.FAILED;
            throw e;
        } finally {
            metrics.callFinished(outcome, System.nanoTime() - started);
            if (previous == null) {
                MDC.remove(MDC_RECORD_ID);
            } else {
                MDC.put(MDC_RECORD_ID, previous);
            }
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}

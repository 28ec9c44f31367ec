package io.recordflow.enrich.metrics;

import io.recordflow.enrich.analysis.Analysis;
import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.TextSource;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.llm.LlmRequest;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.records.AgencyRecord;
import org.slf4j.MDC;

/**
 * An {@link Analyzer} that counts every request its delegate sends to the model server in {@link EnrichMetrics} (in
 * flight, outcome, duration), so the metrics count calls as the server sees them (repairs and map-reduce chunks
 * included, none for the offline model), and puts the record id in the logging context ({@value #MDC_RECORD_ID})
 * while the model works on that record.
 */
public final class MeteredAnalyzer implements Analyzer {

    /** Logging-context key carrying the id of the record being analysed. */
    public static final String MDC_RECORD_ID = "recordId";

    private final Analyzer delegate;

    public MeteredAnalyzer(Analyzer delegate, EnrichMetrics metrics) {
        this.delegate = delegate.sendingThrough(provider -> new MeteredProvider(provider, metrics));
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
        try {
            return delegate.analyze(record, text);
        } finally {
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

    /** One provider call is one HTTP request to the model server (clients run with no retries of their own). */
    private static final class MeteredProvider implements LlmProvider {
        private final LlmProvider delegate;
        private final EnrichMetrics metrics;

        MeteredProvider(LlmProvider delegate, EnrichMetrics metrics) {
            this.delegate = delegate;
            this.metrics = metrics;
        }

        @Override
        public ProviderInfo info() {
            return delegate.info();
        }

        @Override
        public LlmReply chat(LlmRequest request) throws LlmException {
            long started = System.nanoTime();
            metrics.callStarted();
            EnrichMetrics.Outcome outcome = EnrichMetrics.Outcome.FAILED;
            try {
                LlmReply reply = delegate.chat(request);
                outcome = EnrichMetrics.Outcome.OK;
                return reply;
            } catch (LlmException e) {
                outcome = e.isTransient() ? EnrichMetrics.Outcome.RETRY : EnrichMetrics.Outcome.FAILED;
                throw e;
            } finally {
                metrics.callFinished(outcome, System.nanoTime() - started);
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}

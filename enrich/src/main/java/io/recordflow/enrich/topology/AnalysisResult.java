package io.recordflow.enrich.topology;

import io.recordflow.enrich.analysis.Analysis;
import io.recordflow.enrich.assemble.TextFindings;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.ProviderInfo;
import java.time.Instant;

/** The outcome of one model call made off the stream thread: an analysis, or the failure. */
record AnalysisResult(
        Analysis analysis,
        TextFindings findings,
        ProviderInfo provider,
        LlmException failure,
        Instant startedAt,
        Instant finishedAt) {

    static AnalysisResult success(
            Analysis analysis, TextFindings findings, ProviderInfo provider, Instant startedAt, Instant finishedAt) {
        return new AnalysisResult(analysis, findings, provider, null, startedAt, finishedAt);
    }

    static AnalysisResult failed(LlmException failure, Instant startedAt, Instant finishedAt) {
        return new AnalysisResult(null, null, null, failure, startedAt, finishedAt);
    }

    /** This success with the detectors' findings in the analysed text. */
    AnalysisResult withFindings(TextFindings textFindings) {
        return new AnalysisResult(analysis, textFindings, provider, failure, startedAt, finishedAt);
    }

    boolean succeeded() {
        return failure == null;
    }
}

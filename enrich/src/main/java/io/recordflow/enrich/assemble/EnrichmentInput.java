package io.recordflow.enrich.assemble;

import io.recordflow.enrich.analysis.Analysis;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.records.AgencyRecord;
import java.time.Instant;

/** Everything known about one finished analysis: the record, what the model and detectors found, and the circumstances. */
public record EnrichmentInput(
        AgencyRecord record,
        Analysis analysis,
        TextFindings findings,
        ProviderInfo provider,
        String promptVersion,
        String promptSha256,
        Instant startedAt,
        Instant finishedAt,
        int retries,
        boolean cacheHit) {}

package io.recordflow.enrich.assemble;

import io.recordflow.enrich.classify.ClassificationOutcome;
import io.recordflow.enrich.classify.ModelClassification;
import io.recordflow.enrich.injection.InjectionDetector;
import io.recordflow.enrich.injection.InjectionVerdict;
import io.recordflow.enrich.sensitivity.SensitivityScanner;
import io.recordflow.enrich.summarize.SummaryOutcome;
import io.recordflow.enrich.taxonomy.RetentionCalculator;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyCategory;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.CategoryScore;
import io.recordflow.records.Classification;
import io.recordflow.records.Disposition;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Provenance;
import io.recordflow.records.Retention;
import io.recordflow.records.Sensitivity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a finished analysis into an {@link EnrichedRecord}: classification checked against the
 * taxonomy, retention with disposition date, deterministic sensitivity and injection findings merged
 * with the model's, the review decision and full provenance.
 */
public final class EnrichmentAssembler {
    /** Code used when no valid classification exists; it is not a schedule item and always goes to review. */
    public static final String UNCLASSIFIED = "UNCLASSIFIED";

    private final Taxonomy taxonomy;
    private final SensitivityScanner scanner;
    private final InjectionDetector injectionDetector;
    private final ReviewPolicy reviewPolicy;
    private final String pipelineVersion;

    public EnrichmentAssembler(
            Taxonomy taxonomy,
            SensitivityScanner scanner,
            InjectionDetector injectionDetector,
            ReviewPolicy reviewPolicy,
            String pipelineVersion) {
        this.taxonomy = taxonomy;
        this.scanner = scanner;
        this.injectionDetector = injectionDetector;
        this.reviewPolicy = reviewPolicy;
        this.pipelineVersion = pipelineVersion;
    }

    /** The enriched record and the intermediate findings the audit trail reports. */
    public record Assembled(EnrichedRecord enriched, InjectionVerdict injection) {}

    /** Runs the deterministic detectors over the analysed text (the full text when ingest truncated it). */
    public TextFindings inspect(String text) {
        return new TextFindings(scanner.scan(text), scanner.markings(text), injectionDetector.inspect(text));
    }

    public Assembled assemble(EnrichmentInput input, Instant now) {
        AgencyRecord record = input.record();
        ClassificationOutcome outcome = input.analysis().classification();
        ModelClassification model = outcome.classification();
        Optional<TaxonomyCategory> category = outcome.isValid() ? taxonomy.find(model.code()) : Optional.empty();

        TextFindings findings = input.findings();
        Sensitivity sensitivity = scanner.assess(
                findings.pii(),
                findings.markings(),
                record.getSupplementalMarkings(),
                model == null
                        ? SensitivityScanner.ModelSuggestions.NONE
                        : new SensitivityScanner.ModelSuggestions(model.cui(), model.foiaExemptions()));
        InjectionVerdict injection = findings.injection();
        Retention retention = category.map(c -> RetentionCalculator.retention(c, recordDate(record)))
                .orElse(null);
        Disposition disposition = retention == null ? Disposition.UNSCHEDULED : retention.getDisposition();
        ReviewPolicy.Decision decision =
                reviewPolicy.decide(outcome, disposition, sensitivity, injection, record.getExtractionWarnings());
        SummaryOutcome summary = input.analysis().summary();

        EnrichedRecord enriched = EnrichedRecord.newBuilder()
                .setRecordId(record.getRecordId())
                .setRecord(record)
                .setClassification(classification(model, category))
                .setSummary(summary.summary())
                .setKeywords(summary.keywords())
                .setLanguage(summary.language() != null ? summary.language() : record.getLanguage())
                .setSensitivity(sensitivity)
                .setRetention(retention)
                .setNeedsReview(decision.needsReview())
                .setReviewReasons(decision.reasons())
                .setReviewNotes(decision.notes())
                .setProvenance(provenance(input))
                .setEnrichedAt(now)
                .build();
        return new Assembled(enriched, injection);
    }

    private static Classification classification(ModelClassification model, Optional<TaxonomyCategory> category) {
        if (model == null || category.isEmpty()) {
            return Classification.newBuilder()
                    .setCode(UNCLASSIFIED)
                    .setLabel("Not classified: model output invalid")
                    .setConfidence(0.0)
                    .setRationale(null)
                    .setAlternatives(List.of())
                    .build();
        }
        return Classification.newBuilder()
                .setCode(model.code())
                .setLabel(category.get().title())
                .setConfidence(model.confidence())
                .setRationale(model.rationale())
                .setAlternatives(model.alternatives().stream()
                        .map(a -> CategoryScore.newBuilder()
                                .setCode(a.code())
                                .setConfidence(a.confidence())
                                .build())
                        .toList())
                .build();
    }

    private Provenance provenance(EnrichmentInput input) {
        Map<String, String> parameters = new LinkedHashMap<>(input.provider().parameters());
        parameters.put(
                "repair_attempts",
                String.valueOf(input.analysis().classification().repairs()));
        parameters.put(
                "summary_chunks", String.valueOf(input.analysis().summary().chunks()));
        parameters.put("input_text", input.analysis().textOrigin());
        parameters.put("taxonomy", taxonomy.schedule() + (taxonomy.version() == null ? "" : " " + taxonomy.version()));
        return Provenance.newBuilder()
                .setProvider(input.provider().provider())
                .setModel(input.provider().model())
                .setModelDigest(input.provider().modelDigest())
                .setPromptVersion(input.promptVersion())
                .setPromptSha256(input.promptSha256())
                .setParameters(parameters)
                .setInputSha256(input.analysis().inputSha256())
                .setStartedAt(input.startedAt())
                .setFinishedAt(input.finishedAt())
                .setLatencyMillis(
                        input.finishedAt().toEpochMilli() - input.startedAt().toEpochMilli())
                .setTokensIn(input.analysis().tokensIn())
                .setTokensOut(input.analysis().tokensOut())
                .setRetries(input.retries())
                .setCacheHit(input.cacheHit())
                .setChunked(input.analysis().chunked())
                .setModelCalls(input.cacheHit() ? 0 : input.analysis().modelCalls())
                .setPipelineVersion(pipelineVersion)
                .build();
    }

    /** The date retention counts from: created, else received, else ingested. */
    public static Instant recordDate(AgencyRecord record) {
        if (record.getDateCreated() != null) {
            return record.getDateCreated();
        }
        return record.getDateReceived() != null ? record.getDateReceived() : record.getIngestedAt();
    }
}

package io.recordflow.enrich.assemble;

import io.recordflow.enrich.injection.InjectionVerdict;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Outcome;
import io.recordflow.records.SensitivityFlag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One {@link AuditEvent} per enrichment step. Event ids derive from the record and its input position,
 * so a re-processed input yields the same ids and consumers can de-duplicate.
 */
public final class AuditTrail {
    public static final String ACTOR = "enrich";

    private final String pipelineVersion;

    public AuditTrail(String pipelineVersion) {
        this.pipelineVersion = pipelineVersion;
    }

    public List<AuditEvent> forEnrichment(EnrichedRecord enriched, InjectionVerdict injection, String inputPosition) {
        var p = enriched.getProvenance();
        var c = enriched.getClassification();
        Instant at = enriched.getEnrichedAt();
        long latency = p.getLatencyMillis();
        List<AuditEvent> events = new ArrayList<>();

        Map<String, String> classification = common(enriched);
        classification.put("code", c.getCode());
        classification.put("confidence", String.format(Locale.ROOT, "%.3f", c.getConfidence()));
        classification.put("repairAttempts", p.getParameters().getOrDefault("repair_attempts", "0"));
        events.add(event(
                enriched,
                inputPosition,
                "CLASSIFICATION",
                "UNCLASSIFIED".equals(c.getCode()) ? Outcome.FAILURE : Outcome.SUCCESS,
                at,
                latency,
                classification));

        Map<String, String> summary = common(enriched);
        summary.put("chunked", String.valueOf(p.getChunked()));
        summary.put("chunks", p.getParameters().getOrDefault("summary_chunks", "1"));
        summary.put("language", String.valueOf(enriched.getLanguage()));
        events.add(event(
                enriched,
                inputPosition,
                "SUMMARY",
                enriched.getSummary() == null || enriched.getSummary().isBlank() ? Outcome.WARNING : Outcome.SUCCESS,
                at,
                null,
                summary));

        Map<String, String> sensitivity = new LinkedHashMap<>();
        var s = enriched.getSensitivity();
        sensitivity.put("pii", String.valueOf(s.getPii()));
        sensitivity.put("cui", String.valueOf(s.getCui()));
        sensitivity.put("foiaExemptions", String.join(",", s.getFoiaExemptions()));
        // Types and offsets only: audit events must not copy the sensitive values they point at.
        sensitivity.put("flags", s.getFlags().stream().map(AuditTrail::flag).collect(Collectors.joining(",")));
        events.add(event(
                enriched,
                inputPosition,
                "SENSITIVITY",
                s.getPii() || s.getCui() ? Outcome.WARNING : Outcome.SUCCESS,
                at,
                null,
                sensitivity));

        Map<String, String> injectionDetail = new LinkedHashMap<>();
        injectionDetail.put("suspected", String.valueOf(injection.suspected()));
        injectionDetail.put("score", String.format(Locale.ROOT, "%.2f", injection.score()));
        injectionDetail.put("signals", injection.describe());
        events.add(event(
                enriched,
                inputPosition,
                "PROMPT_INJECTION_CHECK",
                injection.suspected() ? Outcome.WARNING : Outcome.SUCCESS,
                at,
                null,
                injectionDetail));

        Map<String, String> review = new LinkedHashMap<>();
        review.put("needsReview", String.valueOf(enriched.getNeedsReview()));
        review.put(
                "reasons", enriched.getReviewReasons().stream().map(Enum::name).collect(Collectors.joining(",")));
        if (enriched.getRetention() != null) {
            review.put("scheduleItem", enriched.getRetention().getScheduleItem());
            review.put("dispositionDate", String.valueOf(enriched.getRetention().getDispositionDate()));
        }
        events.add(event(
                enriched,
                inputPosition,
                "REVIEW_DECISION",
                enriched.getNeedsReview() ? Outcome.WARNING : Outcome.SUCCESS,
                at,
                null,
                review));
        return events;
    }

    /** The event recording that a re-enrichment kept the human decision instead of the model's answer. */
    public AuditEvent forHumanDecisionKept(EnrichedRecord kept, EnrichedRecord model, String inputPosition) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("code", kept.getClassification().getCode());
        detail.put("decidedBy", String.valueOf(kept.getProvenance().getDecidedBy()));
        detail.put("modelCode", model.getClassification().getCode());
        detail.put(
                "modelConfidence",
                String.format(Locale.ROOT, "%.3f", model.getClassification().getConfidence()));
        detail.put("modelProvider", model.getProvenance().getProvider());
        detail.put("model", model.getProvenance().getModel());
        detail.put("promptVersion", model.getProvenance().getPromptVersion());
        detail.put("input", inputPosition);
        return AuditEvent.newBuilder()
                .setEventId(kept.getRecordId() + ":HUMAN_DECISION_KEPT:" + inputPosition)
                .setRecordId(kept.getRecordId())
                .setStep("HUMAN_DECISION_KEPT")
                .setOutcome(Outcome.SUCCESS)
                .setActor(ACTOR)
                .setOccurredAt(kept.getEnrichedAt())
                .setPipelineVersion(pipelineVersion)
                .setDetail(detail)
                .build();
    }

    /** The event recording that a record was dead-lettered at the enrich stage. */
    public AuditEvent forFailure(
            String recordId, String inputPosition, String errorClass, String message, int attempts, Instant at) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("errorClass", errorClass);
        detail.put("message", message);
        detail.put("attempts", String.valueOf(attempts));
        detail.put("input", inputPosition);
        return AuditEvent.newBuilder()
                .setEventId(recordId + ":DEAD_LETTER:" + inputPosition)
                .setRecordId(recordId)
                .setStep("DEAD_LETTER")
                .setOutcome(Outcome.FAILURE)
                .setActor(ACTOR)
                .setOccurredAt(at)
                .setPipelineVersion(pipelineVersion)
                .setDetail(detail)
                .build();
    }

    private Map<String, String> common(EnrichedRecord enriched) {
        var p = enriched.getProvenance();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("provider", p.getProvider());
        detail.put("model", p.getModel());
        if (p.getModelDigest() != null) {
            detail.put("modelDigest", p.getModelDigest());
        }
        detail.put("promptVersion", p.getPromptVersion());
        detail.put("cacheHit", String.valueOf(p.getCacheHit()));
        detail.put("modelCalls", String.valueOf(p.getModelCalls()));
        return detail;
    }

    private static String flag(SensitivityFlag f) {
        return f.getType() + (f.getStart() == null ? "" : "@" + f.getStart() + "-" + f.getEnd());
    }

    private AuditEvent event(
            EnrichedRecord enriched,
            String position,
            String step,
            Outcome outcome,
            Instant at,
            Long duration,
            Map<String, String> detail) {
        return AuditEvent.newBuilder()
                .setEventId(enriched.getRecordId() + ":" + step + ":" + position)
                .setRecordId(enriched.getRecordId())
                .setStep(step)
                .setOutcome(outcome)
                .setActor(ACTOR)
                .setOccurredAt(at)
                .setDurationMillis(duration)
                .setPipelineVersion(pipelineVersion)
                .setDetail(detail)
                .build();
    }
}

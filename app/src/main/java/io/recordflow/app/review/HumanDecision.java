package io.recordflow.app.review;

import io.recordflow.records.Classification;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.HumanProvenance;
import io.recordflow.records.Provenance;
import io.recordflow.records.Retention;
import io.recordflow.records.ReviewReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a reviewer's category decision into an enrichment: classification with confidence 1.0, provenance provider
 * {@code human} with the reviewer as {@code decidedBy}, review closed with reason HUMAN_DECISION. Everything else
 * (record, summary, sensitivity) is carried over from the enrichment that was reviewed.
 */
public final class HumanDecision {

    /** Audit step of a review decision. */
    public static final String AUDIT_STEP = "REVIEW_DECISION";

    private final String code;
    private final String reviewer;
    private final String note;

    public HumanDecision(String code, String reviewer, String note) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("--category must be a non-blank taxonomy code");
        }
        if (reviewer == null || reviewer.isBlank()) {
            throw new IllegalArgumentException("--reviewer must not be blank");
        }
        this.code = code.trim();
        this.reviewer = reviewer.trim();
        this.note = note == null || note.isBlank() ? null : note.trim();
    }

    public String code() {
        return code;
    }

    public String reviewer() {
        return reviewer;
    }

    /** The new enrichment replacing {@code previous}, decided at {@code now}, labelled from {@code categories}. */
    public EnrichedRecord apply(
            EnrichedRecord previous, CategoryReference categories, String pipelineVersion, Instant now) {
        Classification before = previous.getClassification();
        boolean sameCode = code.equals(before.getCode());
        String label = sameCode ? before.getLabel() : categories.label(code).orElse(code);
        Classification decided = Classification.newBuilder()
                .setCode(code)
                .setLabel(label)
                .setConfidence(1.0)
                .setRationale(
                        note != null ? "Human decision by " + reviewer + ": " + note : "Human decision by " + reviewer)
                .setAlternatives(List.of())
                .build();
        List<String> notes = new ArrayList<>();
        notes.add("Decided by " + reviewer + ": " + code + " (model said " + before.getCode() + " at confidence "
                + before.getConfidence() + ")" + (note != null ? ": " + note : ""));
        Retention retention = sameCode
                ? previous.getRetention()
                : categories.retention(code, previous.getRecord()).orElse(null);
        if (!sameCode) {
            notes.add(
                    retention == null
                            ? "No retention known for " + code + "; retention must be assigned from the schedule"
                            : "Retention from schedule item " + retention.getScheduleItem()
                                    + (retention.getDispositionDate() == null
                                            ? "; disposition date to be recomputed"
                                            : ""));
        }
        return EnrichedRecord.newBuilder(previous)
                .setClassification(decided)
                .setRetention(retention)
                .setNeedsReview(false)
                .setReviewReasons(List.of(ReviewReason.HUMAN_DECISION))
                .setReviewNotes(notes)
                .setProvenance(provenance(previous.getProvenance(), before, pipelineVersion, now))
                .setEnrichedAt(now)
                .build();
    }

    private Provenance provenance(Provenance previous, Classification before, String pipelineVersion, Instant now) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("previousProvider", previous.getProvider());
        parameters.put("previousModel", previous.getModel());
        parameters.put("previousPromptVersion", previous.getPromptVersion());
        parameters.put("previousCode", before.getCode());
        parameters.put("previousConfidence", Double.toString(before.getConfidence()));
        if (note != null) {
            parameters.put("note", note);
        }
        return Provenance.newBuilder()
                .setProvider(HumanProvenance.PROVIDER)
                .setModel(HumanProvenance.PROVIDER)
                .setModelDigest(null)
                .setPromptVersion("review-decision")
                .setPromptSha256("")
                .setParameters(parameters)
                .setInputSha256(previous.getInputSha256())
                .setStartedAt(now)
                .setFinishedAt(now)
                .setLatencyMillis(0L)
                .setTokensIn(null)
                .setTokensOut(null)
                .setRetries(0)
                .setCacheHit(false)
                .setChunked(false)
                .setPipelineVersion(pipelineVersion)
                .setDecidedBy(reviewer)
                .build();
    }

    /** Audit detail of the decision: what the model said before, what the human decided. */
    public Map<String, String> auditDetail(EnrichedRecord previous, String writtenTo) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("previousCode", previous.getClassification().getCode());
        detail.put(
                "previousConfidence",
                Double.toString(previous.getClassification().getConfidence()));
        detail.put("previousProvider", previous.getProvenance().getProvider());
        detail.put("previousModel", previous.getProvenance().getModel());
        detail.put("code", code);
        detail.put("writtenTo", writtenTo);
        if (note != null) {
            detail.put("note", note);
        }
        return detail;
    }
}

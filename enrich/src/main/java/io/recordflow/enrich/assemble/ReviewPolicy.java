package io.recordflow.enrich.assemble;

import io.recordflow.enrich.classify.ClassificationOutcome;
import io.recordflow.enrich.injection.InjectionVerdict;
import io.recordflow.records.Disposition;
import io.recordflow.records.ReviewReason;
import io.recordflow.records.Sensitivity;
import io.recordflow.records.SensitivityFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Decides whether a human must look at an enriched record, and says why in words a records officer reads. */
public final class ReviewPolicy {
    private final double confidenceThreshold;
    private final double sensitivityThreshold;

    public ReviewPolicy(double confidenceThreshold, double sensitivityThreshold) {
        this.confidenceThreshold = confidenceThreshold;
        this.sensitivityThreshold = sensitivityThreshold;
    }

    /** Review reasons with one note each, in the same order. */
    public record Decision(List<ReviewReason> reasons, List<String> notes) {
        public boolean needsReview() {
            return !reasons.isEmpty();
        }
    }

    public Decision decide(
            ClassificationOutcome classification,
            Disposition disposition,
            Sensitivity sensitivity,
            InjectionVerdict injection,
            List<String> extractionWarnings) {
        List<ReviewReason> reasons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!classification.isValid()) {
            reasons.add(ReviewReason.INVALID_MODEL_OUTPUT);
            notes.add("model output invalid after " + classification.repairs() + " repair attempt(s): "
                    + String.join("; ", classification.problems()));
        } else if (classification.classification().confidence() < confidenceThreshold) {
            reasons.add(ReviewReason.LOW_CONFIDENCE);
            notes.add(String.format(
                    Locale.ROOT,
                    "confidence %.2f is below the review threshold %.2f",
                    classification.classification().confidence(),
                    confidenceThreshold));
        }
        if (classification.isValid() && disposition == Disposition.UNSCHEDULED) {
            reasons.add(ReviewReason.UNSCHEDULED_CATEGORY);
            notes.add("category " + classification.classification().code() + " has no approved disposition");
        }
        List<String> sensitive = sensitivity.getFlags().stream()
                .filter(f -> "pattern".equals(f.getDetector())
                        && f.getConfidence() != null
                        && f.getConfidence() >= sensitivityThreshold)
                .map(SensitivityFlag::getType)
                .distinct()
                .toList();
        if (!sensitive.isEmpty() || sensitivity.getCui()) {
            reasons.add(ReviewReason.SENSITIVE_CONTENT);
            List<String> what = new ArrayList<>(sensitive);
            if (sensitivity.getCui()) {
                what.add("CUI");
            }
            notes.add("sensitive content found: " + String.join(", ", what));
        }
        boolean modelSuspects =
                classification.isValid() && classification.classification().injectionSuspected();
        if (injection.suspected() || modelSuspects) {
            reasons.add(ReviewReason.PROMPT_INJECTION_SUSPECTED);
            notes.add("text appears to instruct the model (" + (injection.suspected() ? injection.describe() : "")
                    + (modelSuspects ? (injection.suspected() ? "; " : "") + "reported by the model" : "") + ")");
        }
        if (!extractionWarnings.isEmpty()) {
            reasons.add(ReviewReason.EXTRACTION_WARNINGS);
            notes.add("extraction warnings: " + String.join("; ", extractionWarnings));
        }
        return new Decision(List.copyOf(reasons), List.copyOf(notes));
    }
}

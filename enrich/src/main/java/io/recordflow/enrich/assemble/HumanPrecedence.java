package io.recordflow.enrich.assemble;

import io.recordflow.records.CategoryScore;
import io.recordflow.records.Classification;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Provenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Human review decisions win over model output: when a record that a reviewer decided is enriched again, the
 * emitted enrichment keeps the human classification, retention and provenance, and records the model's new answer
 * as an alternative, a review note and provenance parameters.
 */
public final class HumanPrecedence {
    /** Provenance parameter marking an enrichment in which the topology kept an earlier human decision. */
    public static final String KEPT_PARAMETER = "humanDecisionKept";

    private HumanPrecedence() {}

    /**
     * The enrichment to emit: the fresh model enrichment's record, summary and sensitivity, with the human's
     * classification (the model's answer added as alternative), retention, review state and provenance.
     */
    public static EnrichedRecord keep(EnrichedRecord human, EnrichedRecord model, Instant now) {
        Classification decided = human.getClassification();
        Classification answer = model.getClassification();
        Provenance modelProvenance = model.getProvenance();
        List<CategoryScore> alternatives = new ArrayList<>();
        alternatives.add(CategoryScore.newBuilder()
                .setCode(answer.getCode())
                .setConfidence(answer.getConfidence())
                .build());
        decided.getAlternatives().stream()
                .filter(a -> !a.getCode().equals(answer.getCode()))
                .forEach(alternatives::add);
        Classification classification =
                Classification.newBuilder(decided).setAlternatives(alternatives).build();

        List<String> notes = new ArrayList<>(human.getReviewNotes());
        notes.add(String.format(
                Locale.ROOT,
                "Re-enriched by %s %s (prompt %s): model answered %s at confidence %.3f; "
                        + "the human decision %s stands",
                modelProvenance.getProvider(),
                modelProvenance.getModel(),
                modelProvenance.getPromptVersion(),
                answer.getCode(),
                answer.getConfidence(),
                decided.getCode()));

        Map<String, String> parameters =
                new LinkedHashMap<>(human.getProvenance().getParameters());
        parameters.put(KEPT_PARAMETER, "true");
        parameters.put("modelProvider", modelProvenance.getProvider());
        parameters.put("modelModel", modelProvenance.getModel());
        parameters.put("modelPromptVersion", modelProvenance.getPromptVersion());
        parameters.put("modelCode", answer.getCode());
        parameters.put("modelConfidence", String.format(Locale.ROOT, "%.3f", answer.getConfidence()));
        Provenance provenance = Provenance.newBuilder(human.getProvenance())
                .setParameters(parameters)
                .build();

        return EnrichedRecord.newBuilder(model)
                .setClassification(classification)
                .setRetention(human.getRetention())
                .setNeedsReview(false)
                .setReviewReasons(human.getReviewReasons())
                .setReviewNotes(notes)
                .setProvenance(provenance)
                .setEnrichedAt(now)
                .build();
    }
}

package io.recordflow.enrich.classify;

import java.util.List;

/** A model answer that passed validation: a taxonomy code, a confidence in [0, 1] and the extras. */
public record ModelClassification(
        String code,
        double confidence,
        String rationale,
        List<Alternative> alternatives,
        boolean cui,
        List<String> foiaExemptions,
        boolean injectionSuspected) {
    public ModelClassification {
        alternatives = List.copyOf(alternatives);
        foiaExemptions = List.copyOf(foiaExemptions);
    }

    public record Alternative(String code, double confidence) {}
}

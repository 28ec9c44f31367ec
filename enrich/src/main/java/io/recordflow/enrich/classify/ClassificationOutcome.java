package io.recordflow.enrich.classify;

import java.util.List;

/**
 * What classification produced: a validated answer, or none after the repair attempts ran out (then
 * {@code problems} says why). Token counts and {@code modelCalls} (requests sent to the model server) add up all
 * calls including repairs.
 */
public record ClassificationOutcome(
        ModelClassification classification,
        List<String> problems,
        int repairs,
        Integer tokensIn,
        Integer tokensOut,
        int modelCalls) {
    public ClassificationOutcome {
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return classification != null;
    }
}

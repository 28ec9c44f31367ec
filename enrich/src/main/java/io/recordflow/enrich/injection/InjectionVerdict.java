package io.recordflow.enrich.injection;

import java.util.List;

/** Whether a text looks like it tries to instruct the model, and which heuristics fired where. */
public record InjectionVerdict(boolean suspected, double score, List<Signal> signals) {

    public InjectionVerdict {
        signals = List.copyOf(signals);
    }

    /** One heuristic that fired, with offsets into the text (never the text itself). */
    public record Signal(String rule, int start, int end, double weight) {}

    /** A one-line, log-safe description: rule names and offsets only. */
    public String describe() {
        return signals.stream()
                .map(s -> s.rule() + "@" + s.start())
                .reduce((a, b) -> a + ", " + b)
                .orElse("none");
    }
}

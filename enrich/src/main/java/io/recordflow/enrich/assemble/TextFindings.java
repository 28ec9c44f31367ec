package io.recordflow.enrich.assemble;

import io.recordflow.enrich.injection.InjectionVerdict;
import io.recordflow.enrich.sensitivity.Finding;
import java.util.List;

/**
 * What the deterministic detectors found in the analysed text: PII, CUI markings and injection signals.
 * Offsets only, so it can be cached and published.
 */
public record TextFindings(List<Finding> pii, List<Finding> markings, InjectionVerdict injection) {
    public TextFindings {
        pii = List.copyOf(pii);
        markings = List.copyOf(markings);
    }
}

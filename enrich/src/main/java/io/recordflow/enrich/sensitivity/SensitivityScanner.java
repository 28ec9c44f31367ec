package io.recordflow.enrich.sensitivity;

import io.recordflow.records.Sensitivity;
import io.recordflow.records.SensitivityFlag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs the deterministic detectors over a record's text and assembles the {@link Sensitivity} block,
 * merging the model's CUI and FOIA-exemption suggestions.
 */
public final class SensitivityScanner {
    private static final List<String> BANNERS =
            List.of("CUI", "CONTROLLED UNCLASSIFIED INFORMATION", "FOUO", "FOR OFFICIAL USE ONLY");
    private static final Pattern CUI_BANNER = Pattern.compile("\\b(" + String.join("|", BANNERS) + ")\\b");

    private final List<Detector> detectors;

    public SensitivityScanner(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    public static SensitivityScanner standard() {
        return new SensitivityScanner(Detectors.all());
    }

    /** Findings in text order; where spans overlap the earlier (more specific) detector's finding is kept. */
    public List<Finding> scan(String text) {
        List<Finding> kept = new ArrayList<>();
        for (Detector detector : detectors) {
            for (Finding finding : detector.detect(text)) {
                if (kept.stream().noneMatch(finding::overlaps)) {
                    kept.add(finding);
                }
            }
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        return kept;
    }

    /** The first CUI / FOUO marking in the text, if any. */
    public List<Finding> markings(String text) {
        // Every match is one of the banners, case and all: a text holding none of them is not searched.
        if (BANNERS.stream().noneMatch(text::contains)) {
            return List.of();
        }
        var banner = CUI_BANNER.matcher(text);
        return banner.find()
                ? List.of(new Finding("CUI", banner.start(), banner.end(), 0.9, "CUI or FOUO marking"))
                : List.of();
    }

    /** {@link #assess(List, List, List, ModelSuggestions)} over findings scanned from {@code text}. */
    public Sensitivity assess(String text, List<String> recordMarkings, ModelSuggestions model) {
        return assess(scan(text), markings(text), recordMarkings, model);
    }

    /**
     * The sensitivity block: PII findings, CUI markings found in the text or in the record's supplemental
     * markings, and the model's suggestions. PII implies possible FOIA exemption (b)(6).
     */
    public Sensitivity assess(
            List<Finding> findings, List<Finding> textMarkings, List<String> recordMarkings, ModelSuggestions model) {
        List<SensitivityFlag> flags =
                new ArrayList<>(findings.stream().map(Finding::toFlag).toList());
        textMarkings.forEach(m -> flags.add(m.toFlag()));
        boolean cuiMarked = !textMarkings.isEmpty()
                || recordMarkings.stream().anyMatch(m -> CUI_BANNER.matcher(m).find());
        Set<String> exemptions = new LinkedHashSet<>();
        if (!findings.isEmpty()) {
            exemptions.add("b6");
        }
        for (String exemption : model.foiaExemptions()) {
            exemptions.add(exemption);
            flags.add(SensitivityFlag.newBuilder()
                    .setType("FOIA_" + exemption.toUpperCase(Locale.ROOT))
                    .setDetector("model")
                    .setNote("model suggests FOIA exemption " + exemption)
                    .build());
        }
        if (model.cui()) {
            flags.add(SensitivityFlag.newBuilder()
                    .setType("CUI")
                    .setDetector("model")
                    .setNote("model suggests controlled unclassified information")
                    .build());
        }
        return Sensitivity.newBuilder()
                .setPii(!findings.isEmpty())
                .setCui(cuiMarked || model.cui())
                .setFoiaExemptions(List.copyOf(exemptions))
                .setFlags(flags)
                .build();
    }

    /** What the model suggested about CUI and FOIA exemptions ("b5", "b6", ...). */
    public record ModelSuggestions(boolean cui, List<String> foiaExemptions) {
        public static final ModelSuggestions NONE = new ModelSuggestions(false, List.of());

        public ModelSuggestions {
            foiaExemptions = List.copyOf(foiaExemptions);
        }
    }
}

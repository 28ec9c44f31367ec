package io.recordflow.enrich.taxonomy;

import io.recordflow.records.Disposition;
import java.time.Period;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One records-schedule category: what it covers, how it is cited and how long it is kept. */
public record TaxonomyCategory(
        String code,
        String title,
        String scheduleItem,
        String authority,
        String description,
        List<String> examples,
        Disposition disposition,
        Period retentionPeriod,
        Cutoff cutoff,
        String retentionRule) {

    public TaxonomyCategory {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(scheduleItem, "scheduleItem");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(disposition, "disposition");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(retentionRule, "retentionRule");
        examples = List.copyOf(examples);
    }

    /** The retention period, absent when the rule is "destroy when business use ceases". */
    public Optional<Period> period() {
        return Optional.ofNullable(retentionPeriod);
    }
}

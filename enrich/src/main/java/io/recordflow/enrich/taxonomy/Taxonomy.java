package io.recordflow.enrich.taxonomy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An agency records schedule: the closed set of categories a record may be classified into. */
public final class Taxonomy {
    private final String schedule;
    private final String version;
    private final Map<String, TaxonomyCategory> byCode = new LinkedHashMap<>();

    public Taxonomy(String schedule, String version, List<TaxonomyCategory> categories) {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("taxonomy '" + schedule + "' has no categories");
        }
        this.schedule = schedule;
        this.version = version;
        for (TaxonomyCategory category : categories) {
            if (byCode.putIfAbsent(category.code(), category) != null) {
                throw new IllegalArgumentException("taxonomy '" + schedule + "' repeats code " + category.code());
            }
        }
    }

    public String schedule() {
        return schedule;
    }

    public String version() {
        return version;
    }

    public List<TaxonomyCategory> categories() {
        return List.copyOf(byCode.values());
    }

    public List<String> codes() {
        return List.copyOf(byCode.keySet());
    }

    public Optional<TaxonomyCategory> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }
}

package io.recordflow.app.review;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.EnrichmentVersion;
import io.recordflow.records.Retention;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The taxonomy categories models chose in the enrichment data: code to label and schedule retention, from the latest
 * enrichment using each code ({@link EnrichmentVersion}'s rule). Used to label and check human decisions where no taxonomy file is available.
 */
public final class CategoryCatalog implements CategoryReference {

    private final Map<String, EnrichedRecord> byCode = new TreeMap<>();

    public CategoryCatalog(Collection<EnrichedRecord> enrichments) {
        for (EnrichedRecord r : enrichments) {
            byCode.merge(r.getClassification().getCode(), r, EnrichmentVersion::latest);
        }
    }

    @Override
    public String origin() {
        return "the categories models chose in the data";
    }

    @Override
    public Set<String> codes() {
        return byCode.keySet();
    }

    @Override
    public Optional<String> label(String code) {
        return Optional.ofNullable(byCode.get(code))
                .map(r -> r.getClassification().getLabel());
    }

    /** The schedule part of the category's retention (item, disposition, period, cutoff), without a record's date. */
    @Override
    public Optional<Retention> retention(String code, AgencyRecord record) {
        return Optional.ofNullable(byCode.get(code))
                .map(EnrichedRecord::getRetention)
                .map(r -> Retention.newBuilder(r).setDispositionDate(null).build());
    }
}

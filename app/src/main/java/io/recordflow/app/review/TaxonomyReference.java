package io.recordflow.app.review;

import io.recordflow.enrich.assemble.EnrichmentAssembler;
import io.recordflow.enrich.taxonomy.RetentionCalculator;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyCategory;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Retention;
import java.util.Collection;
import java.util.Optional;

/** Categories of a records schedule loaded with the enrich module's taxonomy loader: the authoritative reference. */
public final class TaxonomyReference implements CategoryReference {

    private final Taxonomy taxonomy;
    private final String origin;

    public TaxonomyReference(Taxonomy taxonomy, String origin) {
        this.taxonomy = taxonomy;
        this.origin = origin;
    }

    @Override
    public String origin() {
        return "taxonomy " + origin + " (" + taxonomy.schedule() + ", " + taxonomy.version() + ")";
    }

    @Override
    public Collection<String> codes() {
        return taxonomy.codes();
    }

    @Override
    public Optional<String> label(String code) {
        return taxonomy.find(code).map(TaxonomyCategory::title);
    }

    /** Computed as the enrich topology does, from the record's own date. */
    @Override
    public Optional<Retention> retention(String code, AgencyRecord record) {
        return taxonomy.find(code).map(c -> RetentionCalculator.retention(c, EnrichmentAssembler.recordDate(record)));
    }
}

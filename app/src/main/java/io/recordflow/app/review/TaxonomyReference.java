package io.recordflow.app.review;

import io.recordflow.enrich.assemble.EnrichmentAssembler;
import io.recordflow.enrich.taxonomy.RetentionCalculator;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyCategory;
import io.recordflow.enrich.taxonomy.TaxonomyException;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Retention;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Categories of a records schedule loaded with the enrich module's taxonomy loader: the authoritative reference. */
public final class TaxonomyReference implements CategoryReference {

    /** The name that stands for the shipped schedule instead of a file. */
    public static final String DEFAULT = "default";

    private final Taxonomy taxonomy;
    private final String origin;

    public TaxonomyReference(Taxonomy taxonomy, String origin) {
        this.taxonomy = taxonomy;
        this.origin = origin;
    }

    /**
     * The schedule in the taxonomy YAML file {@code fileOrDefault}, or the shipped NARA GRS schedule for {@code default}.
     *
     * @throws TaxonomyException when the file cannot be read or is no valid schedule
     */
    public static TaxonomyReference load(String fileOrDefault) {
        boolean shipped = DEFAULT.equals(fileOrDefault);
        Taxonomy loaded = shipped ? TaxonomyLoader.loadDefault() : TaxonomyLoader.load(Path.of(fileOrDefault));
        return new TaxonomyReference(loaded, fileOrDefault);
    }

    @Override
    public String origin() {
        return "taxonomy " + origin + " (" + taxonomy.schedule() + ", " + taxonomy.version() + ")";
    }

    /** The schedule's categories, in schedule order: what a reviewer picks from. */
    public List<TaxonomyCategory> categories() {
        return taxonomy.categories();
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

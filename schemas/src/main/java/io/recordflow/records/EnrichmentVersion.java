package io.recordflow.records;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The one rule for which of two enrichments of a record is the latest: a human decision outranks any model
 * enrichment, then the later {@code enrichedAt} wins, then the greater model version (model name, {@code @digest} when
 * known, compared by code point like PostgreSQL's {@code COLLATE "C"}). The review queue, the category catalog, the
 * local-mode tracker, {@code recordflow status} and both sinks order enrichments by it; the JDBC sink's upsert
 * implements it in SQL.
 */
public record EnrichmentVersion(boolean human, Instant enrichedAt, String modelVersion)
        implements Comparable<EnrichmentVersion> {

    /** Orders enrichments of one record from oldest to latest; {@code max} picks the one that stands. */
    public static final Comparator<EnrichedRecord> LATEST_LAST = Comparator.comparing(EnrichmentVersion::of);

    private static final Comparator<EnrichmentVersion> ORDER = Comparator.comparing(EnrichmentVersion::human)
            .thenComparing(EnrichmentVersion::enrichedAt)
            .thenComparing(EnrichmentVersion::modelVersion, EnrichmentVersion::compareCodePoints);

    public EnrichmentVersion {
        Objects.requireNonNull(enrichedAt, "enrichedAt");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** The version of {@code enriched}. */
    public static EnrichmentVersion of(EnrichedRecord enriched) {
        Provenance provenance = enriched.getProvenance();
        return new EnrichmentVersion(
                HumanProvenance.isHumanDecision(enriched),
                enriched.getEnrichedAt(),
                modelVersion(provenance.getModel(), provenance.getModelDigest()));
    }

    /** The latest of two enrichments of one record, {@code seen} on a tie; shaped for {@code Map.merge}. */
    public static EnrichedRecord latest(EnrichedRecord seen, EnrichedRecord candidate) {
        return LATEST_LAST.compare(candidate, seen) > 0 ? candidate : seen;
    }

    /** Model name, then {@code @digest} when the digest is known. */
    public static String modelVersion(String model, String digest) {
        return digest == null ? model : model + "@" + digest;
    }

    /** Whether this version replaces {@code stored}: it is later, or the same (a replay rewrites it). */
    public boolean replaces(EnrichmentVersion stored) {
        return compareTo(stored) >= 0;
    }

    @Override
    public int compareTo(EnrichmentVersion other) {
        return ORDER.compare(this, other);
    }

    // String.compareTo orders UTF-16 code units, which differs from code-point (UTF-8 byte) order above U+FFFF.
    private static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}

package io.recordflow.enrich.taxonomy;

/** A taxonomy file that cannot be read or does not describe a valid records schedule. */
public class TaxonomyException extends RuntimeException {
    public TaxonomyException(String message) {
        super(message);
    }

    public TaxonomyException(String message, Throwable cause) {
        super(message, cause);
    }
}

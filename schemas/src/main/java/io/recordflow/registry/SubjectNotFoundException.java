package io.recordflow.registry;

/** The subject has no registered schema (error code 40401). */
public class SubjectNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SubjectNotFoundException(String message, int errorCode, int httpStatus, String url) {
        super(message, errorCode, httpStatus, url);
    }
}

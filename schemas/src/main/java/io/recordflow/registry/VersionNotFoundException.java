package io.recordflow.registry;

/** The subject exists but has no such version (error code 40402). */
public class VersionNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public VersionNotFoundException(String message, int errorCode, int httpStatus, String url) {
        super(message, errorCode, httpStatus, url);
    }
}

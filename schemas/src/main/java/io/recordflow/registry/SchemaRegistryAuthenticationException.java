package io.recordflow.registry;

/** The registry refused the credentials (HTTP 401 or 403). */
public class SchemaRegistryAuthenticationException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryAuthenticationException(String message, int errorCode, int httpStatus, String url) {
        super(message, errorCode, httpStatus, url);
    }
}

package io.recordflow.registry;

/** No schema has the given id, or the subject does not hold the given schema (error code 40403). */
public class SchemaNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message, int errorCode, int httpStatus, String url) {
        super(message, errorCode, httpStatus, url);
    }
}

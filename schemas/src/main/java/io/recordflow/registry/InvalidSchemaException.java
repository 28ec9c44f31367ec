package io.recordflow.registry;

/** The registry rejected the schema text itself (error code 42201). */
public class InvalidSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public InvalidSchemaException(String message, int errorCode, int httpStatus, String url) {
        super(message, errorCode, httpStatus, url);
    }
}

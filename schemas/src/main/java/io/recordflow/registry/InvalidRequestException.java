package io.recordflow.registry;

/** The registry rejected the request as malformed: bad JSON body, bad version, bad compatibility level (HTTP 422 or 400). */
public class InvalidRequestException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message, int errorCode, int httpStatus, String url) {
        super(message, errorCode, httpStatus, url);
    }
}

package io.recordflow.registry;

/**
 * A schema registry answered with an error, or could not be reached. Carries Confluent's numeric
 * {@code error_code}, the HTTP status and the URL that answered, so messages point at the cause.
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final int httpStatus;
    private final String url;

    public SchemaRegistryException(String message, int errorCode, int httpStatus, String url) {
        this(message, errorCode, httpStatus, url, null);
    }

    public SchemaRegistryException(String message, int errorCode, int httpStatus, String url, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
        this.url = url;
    }

    /** Confluent's {@code error_code} (e.g. 40401), or the HTTP status when the body had none. */
    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status of the answer, 0 when no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The request URL (without credentials), or the registry URL(s) tried. */
    public String url() {
        return url;
    }
}

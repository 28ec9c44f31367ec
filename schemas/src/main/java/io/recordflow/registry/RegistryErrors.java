package io.recordflow.registry;

/**
 * Confluent's registry error codes, answered by the embedded registry and mapped back to the
 * exception hierarchy by the client.
 */
public final class RegistryErrors {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int UNPROCESSABLE_ENTITY = 422;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** The registry could not read or write its backing store (the embedded one: its Kafka topic). */
    public static final int STORE_ERROR = 50001;

    private RegistryErrors() {}

    /**
     * Builds the exception for a registry error answer.
     *
     * @param request method and URL of the request, e.g. {@code POST http://host:8081/subjects/a/versions}
     */
    public static SchemaRegistryException toException(
            int httpStatus, int errorCode, String registryMessage, String request) {
        String message = "Schema registry error "
                + errorCode
                + " (HTTP "
                + httpStatus
                + ") from "
                + request
                + ": "
                + registryMessage;
        return switch (errorCode) {
            case SUBJECT_NOT_FOUND -> new SubjectNotFoundException(message, errorCode, httpStatus, request);
            case VERSION_NOT_FOUND -> new VersionNotFoundException(message, errorCode, httpStatus, request);
            case SCHEMA_NOT_FOUND -> new SchemaNotFoundException(message, errorCode, httpStatus, request);
            case INVALID_SCHEMA -> new InvalidSchemaException(message, errorCode, httpStatus, request);
            default -> byStatus(httpStatus, errorCode, message, request);
        };
    }

    private static SchemaRegistryException byStatus(int httpStatus, int errorCode, String message, String request) {
        return switch (httpStatus) {
            case 409 -> new IncompatibleSchemaException(message, errorCode, httpStatus, request);
            case 400, 422 -> new InvalidRequestException(message, errorCode, httpStatus, request);
            case 401, 403 -> new SchemaRegistryAuthenticationException(message, errorCode, httpStatus, request);
            default -> new SchemaRegistryException(message, errorCode, httpStatus, request);
        };
    }
}

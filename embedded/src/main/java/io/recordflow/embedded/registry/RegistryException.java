package io.recordflow.embedded.registry;

import io.recordflow.registry.RegistryErrors;

/**
 * An error answer of the registry: HTTP status plus Confluent's {@code error_code}, one of the
 * codes in {@link RegistryErrors} that the client maps back to its exceptions.
 */
final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    RegistryException(int status, int errorCode, String message) {
        this(status, errorCode, message, null);
    }

    RegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, RegistryErrors.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static RegistryException unprocessable(String message) {
        return new RegistryException(422, RegistryErrors.UNPROCESSABLE_ENTITY, message);
    }

    int status() {
        return status;
    }

    int errorCode() {
        return errorCode;
    }
}

package io.recordflow.registry;

/**
 * No registry URL answered usefully: every URL refused the connection, timed out or answered with
 * a server error (5xx). The message names every URL tried and why it failed.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(String message, String urls, Throwable lastCause) {
        super(message, 0, 0, urls, lastCause);
    }
}

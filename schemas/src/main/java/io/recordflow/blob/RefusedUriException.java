package io.recordflow.blob;

/** A URI from a record that RecordFlow will not follow: not a local file, or not under a configured blob root. */
public final class RefusedUriException extends Exception {

    RefusedUriException(String message) {
        super(message);
    }

    RefusedUriException(String message, Throwable cause) {
        super(message, cause);
    }
}

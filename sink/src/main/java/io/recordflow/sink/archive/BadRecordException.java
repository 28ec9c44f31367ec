package io.recordflow.sink.archive;

/** A record that cannot be archived as it is (missing or tampered original, content outside the blob store). */
final class BadRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  BadRecordException(String message) {
    super(message);
  }

  BadRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}

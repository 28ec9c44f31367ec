package io.recordflow.enrich.llm;

/** Whether retrying a failed model call (or the record's analysis) can help. */
public enum FailureKind {
    /** Timeouts, 5xx, refused connections, unreadable bodies: retry later with backoff. */
    TRANSIENT,
    /** Model not found, bad request, authentication: retrying the same call cannot succeed. */
    PERMANENT,
    /** The record itself is unusable as it is (a URI outside the blob store): dead-lettered at once, never retried. */
    INVALID_RECORD
}

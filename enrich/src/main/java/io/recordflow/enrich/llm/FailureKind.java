package io.recordflow.enrich.llm;

/** Whether retrying a failed model call can help. */
public enum FailureKind {
    /** Timeouts, 5xx, refused connections, unreadable bodies: retry later with backoff. */
    TRANSIENT,
    /** Model not found, bad request, authentication: retrying the same call cannot succeed. */
    PERMANENT
}

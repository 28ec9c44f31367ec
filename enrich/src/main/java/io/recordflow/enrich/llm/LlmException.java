package io.recordflow.enrich.llm;

/** A failed model call, classified as transient or permanent so the pipeline knows to retry or dead-letter. */
public class LlmException extends Exception {
    private final FailureKind kind;

    public LlmException(FailureKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public FailureKind kind() {
        return kind;
    }

    /** Whether the server said it is overloaded (429, 503, a timeout): see {@link Failures#isOverload}. */
    public boolean isOverload() {
        return Failures.isOverload(getCause());
    }

    public boolean isTransient() {
        return kind == FailureKind.TRANSIENT;
    }

    /** Class name of the root cause, for dead letters and audit events. */
    public String rootErrorClass() {
        Throwable t = this;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getName();
    }
}

package io.recordflow.ingest.pipeline;

/**
 * What happened to one input.
 *
 * @param input the input's source URI
 * @param status ingested, duplicate or failed
 * @param records records produced (the file and its attachments)
 * @param bytes size of the input
 * @param reason failure reason, null otherwise
 */
public record FileOutcome(String input, Status status, int records, long bytes, String reason) {

    /** Outcome kinds, counted in the run summary. */
    public enum Status {
        INGESTED,
        DUPLICATE,
        FAILED
    }
}

package io.recordflow.app.dlq;

import io.recordflow.records.DeadLetter;
import java.util.Optional;

/** Whether a dead letter can be sent back where it came from, and if not, why. */
public final class Redrivability {

    private Redrivability() {}

    /** Empty when redrivable; otherwise the reason it is not. */
    public static Optional<String> reasonNotRedrivable(DeadLetter deadLetter) {
        if (deadLetter.getSourceTopic() == null || deadLetter.getSourceTopic().isBlank()) {
            String source = deadLetter.getSourceUri() == null ? "" : " (source " + deadLetter.getSourceUri() + ")";
            return Optional.of("no source topic: it failed before reaching Kafka" + source
                    + "; fix the input and ingest it again");
        }
        if (deadLetter.getOriginalValue() == null) {
            return Optional.of(
                    "the original value was not captured, nothing to send back to " + deadLetter.getSourceTopic());
        }
        return Optional.empty();
    }
}

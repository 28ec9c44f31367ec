package io.recordflow.app.review;

import io.recordflow.app.RecordFlowVersion;
import io.recordflow.app.kafka.OperatorProducer;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.topics.Topics;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes a reviewer's decision: checks the record and the category, builds the human enrichment with
 * {@link HumanDecision} and writes it to records.enriched.v1 together with its audit event in one Kafka transaction.
 * Both {@code recordflow review decide} and the review console decide through it.
 */
public final class ReviewDecider {

    /** A decision that was not written, with the reason for the reviewer. */
    public static final class RefusedDecision extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedDecision(String message) {
            super(message);
        }
    }

    /** What was written: the enrichment decided on, the new one, where it landed and a warning, if any. */
    public record Written(EnrichedRecord previous, EnrichedRecord decided, String position, Optional<String> warning) {}

    private final OperatorProducer producer;

    public ReviewDecider(OperatorProducer producer) {
        this.producer = producer;
    }

    /**
     * Decides {@code recordId} as {@code decision} says.
     *
     * @param schedule the records schedule the code must belong to; without it the code is checked against the
     *     categories models chose ({@code data.catalog()}), refused only when {@code requireKnown}
     * @throws RefusedDecision when the record has no enrichment or the code is not accepted
     */
    public Written decide(
            ReviewSnapshot data,
            Optional<CategoryReference> schedule,
            boolean requireKnown,
            String recordId,
            HumanDecision decision) {
        Optional<EnrichedRecord> previous = data.queue().latest(recordId);
        if (previous.isEmpty()) {
            throw new RefusedDecision("no enrichment of record " + recordId + " on " + Topics.REVIEW.name() + " or "
                    + Topics.ENRICHED.name());
        }
        CategoryReference categories = schedule.orElse(data.catalog());
        Optional<String> warning = Optional.empty();
        if (!categories.contains(decision.code())) {
            String message = "category " + decision.code() + " is not in " + categories.origin() + " (known: "
                    + String.join(", ", new TreeSet<>(categories.codes())) + ")";
            if (schedule.isPresent() || requireKnown) {
                throw new RefusedDecision(message);
            }
            warning = Optional.of(message + "; accepted unchecked (pass --taxonomy to check against the schedule), "
                    + "its label is the code itself");
        }
        EnrichedRecord decided = decision.apply(previous.get(), categories, RecordFlowVersion.current(), Instant.now());
        String position = producer.inTransaction(() -> {
            RecordMetadata written = producer.send(Topics.ENRICHED, recordId, decided);
            String at = written.topic() + "-" + written.partition() + "@" + written.offset();
            producer.audit(
                    recordId,
                    HumanDecision.AUDIT_STEP,
                    "human:" + decision.reviewer(),
                    decision.auditDetail(previous.get(), at));
            return at;
        });
        return new Written(previous.get(), decided, position, warning);
    }
}

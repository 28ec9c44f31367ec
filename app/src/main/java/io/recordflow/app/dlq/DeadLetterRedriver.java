package io.recordflow.app.dlq;

import io.recordflow.app.kafka.OperatorProducer;
import io.recordflow.records.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends dead letters back to their source topic with their original key and value bytes, marks each resent record
 * with redrive headers and records an audit event per redrive on records.audit.v1, the record and its audit event in
 * one Kafka transaction.
 */
public final class DeadLetterRedriver {

    /** Header on a redriven record: the id of the dead letter it came from. */
    public static final String HEADER_DEAD_LETTER_ID = "recordflow.redrive.dead-letter-id";
    /** Header on a redriven record: when it was redriven (ISO-8601 instant). */
    public static final String HEADER_REDRIVEN_AT = "recordflow.redrive.at";
    /** Header on a redriven record: who redrove it. */
    public static final String HEADER_REDRIVEN_BY = "recordflow.redrive.by";
    /** Audit detail key: the redriven dead letter's id. */
    public static final String DETAIL_DEAD_LETTER_ID = "deadLetterId";
    /** Audit detail key: where the record was written, topic-partition@offset. */
    public static final String DETAIL_REDRIVEN_TO = "redrivenTo";
    /** The audit step of a redrive. */
    public static final String AUDIT_STEP = "DLQ_REDRIVE";

    private final OperatorProducer producer;
    private final String operator;

    public DeadLetterRedriver(OperatorProducer producer, String operator) {
        this.producer = producer;
        this.operator = operator;
    }

    /** Where one dead letter landed. */
    public record Redriven(DeadLetter deadLetter, String topic, int partition, long offset) {}

    /** Redrives one dead letter; it must be redrivable ({@link Redrivability}). */
    public Redriven redrive(DeadLetter deadLetter) {
        Redrivability.reasonNotRedrivable(deadLetter).ifPresent(reason -> {
            throw new IllegalArgumentException("dead letter " + deadLetter.getId() + " is not redrivable: " + reason);
        });
        return producer.inTransaction(() -> resend(deadLetter));
    }

    private Redriven resend(DeadLetter deadLetter) {
        Instant now = Instant.now();
        RecordHeaders headers = new RecordHeaders(List.of(
                header(HEADER_DEAD_LETTER_ID, deadLetter.getId()),
                header(HEADER_REDRIVEN_AT, now.toString()),
                header(HEADER_REDRIVEN_BY, operator)));
        RecordMetadata sent = producer.send(new ProducerRecord<>(
                deadLetter.getSourceTopic(),
                null,
                bytes(deadLetter.getOriginalKey()),
                bytes(deadLetter.getOriginalValue()),
                headers));
        String subject = deadLetter.getRecordId() != null ? deadLetter.getRecordId() : deadLetter.getId();
        producer.audit(
                subject,
                AUDIT_STEP,
                "operator:" + operator,
                Map.of(
                        DETAIL_DEAD_LETTER_ID,
                        deadLetter.getId(),
                        "stage",
                        deadLetter.getStage().name(),
                        "errorClass",
                        deadLetter.getErrorClass(),
                        "sourceTopic",
                        deadLetter.getSourceTopic(),
                        DETAIL_REDRIVEN_TO,
                        sent.topic() + "-" + sent.partition() + "@" + sent.offset()));
        return new Redriven(deadLetter, sent.topic(), sent.partition(), sent.offset());
    }

    private static RecordHeader header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}

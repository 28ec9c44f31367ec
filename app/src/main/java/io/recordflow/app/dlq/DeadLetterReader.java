package io.recordflow.app.dlq;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.kafka.TopicScan;
import io.recordflow.app.kafka.TopicScan.Entry;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads dead letters from records.dlq.v1 and the redrives recorded for them on records.audit.v1. */
public final class DeadLetterReader {

    private DeadLetterReader() {}

    /** The dead letters on records.dlq.v1 matching all {@code filters}, in topic order. */
    public static List<Entry<DeadLetter>> read(
            ClientConfig config, TopicScan.Reporter reporter, List<DeadLetterFilter> filters) {
        try (TopicScan scan = new TopicScan(config, reporter)) {
            return scan.readAll(Topics.DLQ).stream()
                    .filter(e -> e.value() != null)
                    .filter(e -> filters.stream().allMatch(f -> f.test(e.value())))
                    .toList();
        }
    }

    /**
     * The redrives recorded on records.audit.v1, by dead-letter id (the latest per id), so that a dead letter is
     * not sent back twice by accident.
     */
    public static Map<String, AuditEvent> redrives(ClientConfig config, TopicScan.Reporter reporter) {
        try (TopicScan scan = new TopicScan(config, reporter)) {
            return redrives(
                    scan.readAll(Topics.AUDIT).stream().map(Entry::value).toList());
        }
    }

    /** The redrive events among {@code auditEvents} (in topic order; null for tombstones), the latest per dead-letter id. */
    static Map<String, AuditEvent> redrives(List<AuditEvent> auditEvents) {
        Map<String, AuditEvent> redrives = new HashMap<>();
        for (AuditEvent event : auditEvents) {
            if (event != null
                    && DeadLetterRedriver.AUDIT_STEP.equals(event.getStep())
                    && event.getDetail().containsKey(DeadLetterRedriver.DETAIL_DEAD_LETTER_ID)) {
                redrives.put(event.getDetail().get(DeadLetterRedriver.DETAIL_DEAD_LETTER_ID), event);
            }
        }
        return redrives;
    }
}

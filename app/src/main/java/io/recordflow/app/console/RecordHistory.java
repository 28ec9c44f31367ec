package io.recordflow.app.console;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.kafka.TopicScan;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** A record's history for its timeline: every enrichment of it (records.enriched.v1) and every audit event. */
public record RecordHistory(List<EnrichedRecord> enrichments, List<AuditEvent> audit) {

    /** One line of the timeline. */
    public record Event(Instant at, String kind, String title, String detail) {}

    /** Reads both topics and keeps what concerns {@code recordId}. */
    public static RecordHistory read(ClientConfig config, TopicScan.Reporter reporter, String recordId) {
        try (TopicScan scan = new TopicScan(config, reporter)) {
            List<EnrichedRecord> enrichments = scan.readAll(Topics.ENRICHED).stream()
                    .map(TopicScan.Entry::value)
                    .filter(Objects::nonNull)
                    .filter(r -> r.getRecordId().equals(recordId))
                    .toList();
            List<AuditEvent> audit = scan.readAll(Topics.AUDIT).stream()
                    .map(TopicScan.Entry::value)
                    .filter(Objects::nonNull)
                    .filter(e -> e.getRecordId().equals(recordId))
                    .toList();
            return new RecordHistory(enrichments, audit);
        }
    }

    /** Enrichments and audit events as one timeline, newest first. */
    public List<Event> timeline() {
        List<Event> events = new ArrayList<>();
        for (EnrichedRecord r : enrichments) {
            String who = r.getProvenance().getDecidedBy() != null
                    ? "decided by " + r.getProvenance().getDecidedBy()
                    : r.getProvenance().getProvider() + " " + r.getProvenance().getModel() + ", prompt "
                            + r.getProvenance().getPromptVersion();
            events.add(new Event(
                    r.getEnrichedAt(),
                    "enrichment",
                    r.getClassification().getCode() + " at confidence "
                            + String.format(
                                    Locale.ROOT, "%.2f", r.getClassification().getConfidence()),
                    who + (r.getNeedsReview() ? "; sent to review" : "")));
        }
        for (AuditEvent e : audit) {
            Map<String, String> d = e.getDetail();
            String detail = e.getActor() + " · " + e.getOutcome().name().toLowerCase(Locale.ROOT)
                    + (d.containsKey("note") ? " · note: " + d.get("note") : "")
                    + (d.containsKey("previousCode") && d.containsKey("code")
                            ? " · " + d.get("previousCode") + " → " + d.get("code")
                            : "");
            events.add(new Event(e.getOccurredAt(), "audit", e.getStep(), detail));
        }
        events.sort(Comparator.comparing(Event::at).reversed());
        return events;
    }
}

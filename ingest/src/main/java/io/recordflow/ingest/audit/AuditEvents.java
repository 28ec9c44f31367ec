package io.recordflow.ingest.audit;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.Modality;
import io.recordflow.records.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The provenance events ingest emits per record: format identification, extraction, and OCR (applied, not needed,
 * or skipped because tesseract is missing), and an extraction failure per dead letter.
 */
public final class AuditEvents {

    static final String ACTOR = "ingest";

    private final Clock clock;
    private final String pipelineVersion;
    private final boolean ocrAvailable;

    public AuditEvents(Clock clock, String pipelineVersion, boolean ocrAvailable) {
        this.clock = clock;
        this.pipelineVersion = pipelineVersion;
        this.ocrAvailable = ocrAvailable;
    }

    /** Events for one successfully extracted record. */
    public List<AuditEvent> forRecord(AgencyRecord r, long parseMillis) {
        List<AuditEvent> events = new ArrayList<>();
        events.add(event(
                r.getRecordId(),
                "FORMAT_IDENTIFICATION",
                Outcome.SUCCESS,
                null,
                Map.of(
                        "mediaType",
                        r.getMediaType(),
                        "format",
                        String.valueOf(r.getFormat()),
                        "modality",
                        r.getModality().name())));
        events.add(event(
                r.getRecordId(),
                "EXTRACTION",
                r.getExtractionWarnings().isEmpty() ? Outcome.SUCCESS : Outcome.WARNING,
                parseMillis,
                Map.of(
                        "extractor",
                        String.valueOf(r.getExtractor()),
                        "textLength",
                        Long.toString(r.getTextLength()),
                        "textTruncated",
                        Boolean.toString(r.getTextTruncated()),
                        "warnings",
                        String.join(" | ", r.getExtractionWarnings()),
                        "sha256",
                        r.getSha256(),
                        "contentUri",
                        r.getContentUri())));
        if (r.getOcrApplied()) {
            events.add(event(r.getRecordId(), "OCR", Outcome.SUCCESS, null, Map.of("engine", "tesseract")));
        } else if (r.getModality() == Modality.IMAGE && !ocrAvailable) {
            events.add(event(r.getRecordId(), "OCR", Outcome.SKIPPED, null, Map.of("reason", "tesseract unavailable")));
        }
        return events;
    }

    /** The failure event of a dead letter. */
    public AuditEvent forDeadLetter(DeadLetter d) {
        return event(
                d.getRecordId() == null ? "dlq:" + d.getId() : d.getRecordId(),
                "EXTRACTION",
                Outcome.FAILURE,
                null,
                Map.of(
                        "sourceUri",
                        String.valueOf(d.getSourceUri()),
                        "errorClass",
                        d.getErrorClass(),
                        "errorMessage",
                        d.getErrorMessage(),
                        "deadLetterId",
                        d.getId()));
    }

    private AuditEvent event(String recordId, String step, Outcome outcome, Long millis, Map<String, String> detail) {
        return AuditEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRecordId(recordId)
                .setStep(step)
                .setOutcome(outcome)
                .setActor(ACTOR)
                .setOccurredAt(clock.instant())
                .setDurationMillis(millis)
                .setPipelineVersion(pipelineVersion)
                .setDetail(detail)
                .build();
    }
}

package io.recordflow.app.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.records.AuditEvent;
import io.recordflow.records.Outcome;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterReaderTest {

    private static AuditEvent event(String step, Map<String, String> detail, String actor) {
        return AuditEvent.newBuilder()
                .setEventId(step + actor)
                .setRecordId("r1")
                .setStep(step)
                .setOutcome(Outcome.SUCCESS)
                .setActor(actor)
                .setOccurredAt(Instant.parse("2026-05-10T12:00:00Z"))
                .setPipelineVersion("test")
                .setDetail(detail)
                .build();
    }

    private static AuditEvent redrive(String deadLetterId, String actor) {
        return event(
                DeadLetterRedriver.AUDIT_STEP,
                Map.of(
                        DeadLetterRedriver.DETAIL_DEAD_LETTER_ID,
                        deadLetterId,
                        DeadLetterRedriver.DETAIL_REDRIVEN_TO,
                        "records.ingested.v1-0@7"),
                actor);
    }

    @Test
    void shouldKeepTheLatestRedrivePerDeadLetterId() {
        AuditEvent first = redrive("enrich:records.ingested.v1-0@3", "operator:ann");
        AuditEvent again = redrive("enrich:records.ingested.v1-0@3", "operator:bob");
        AuditEvent other = redrive("ingest:file:///x", "operator:ann");

        Map<String, AuditEvent> redrives = DeadLetterReader.redrives(Arrays.asList(first, other, again));

        assertThat(redrives)
                .containsOnly(Map.entry("enrich:records.ingested.v1-0@3", again), Map.entry("ingest:file:///x", other));
    }

    @Test
    void shouldIgnoreOtherStepsRedrivesWithoutDeadLetterIdAndTombstones() {
        AuditEvent enrichment =
                event("CLASSIFICATION", Map.of(DeadLetterRedriver.DETAIL_DEAD_LETTER_ID, "d1"), "enrich");
        AuditEvent anonymous = event(DeadLetterRedriver.AUDIT_STEP, Map.of(), "operator:ann");

        assertThat(DeadLetterReader.redrives(Arrays.asList(enrichment, null, anonymous)))
                .isEmpty();
    }
}

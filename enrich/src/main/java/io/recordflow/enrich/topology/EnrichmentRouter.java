package io.recordflow.enrich.topology;

import io.recordflow.enrich.assemble.AuditTrail;
import io.recordflow.enrich.assemble.EnrichmentAssembler;
import io.recordflow.enrich.assemble.EnrichmentInput;
import io.recordflow.enrich.assemble.HumanPrecedence;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.HumanProvenance;
import io.recordflow.topics.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the outcome of one input goes: an enrichment (fresh or from the cache) to the enriched sink, to the review sink
 * when it needs review, with its audit events; a standing human decision kept over the model's answer; a failure to
 * the dead-letter sink with an audit event. {@link EnrichProcessor} decides when an outcome is ready; this decides what
 * is forwarded where.
 */
final class EnrichmentRouter {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentRouter.class);

    private final EnrichmentAssembler assembler;
    private final AuditTrail audit;
    private final Deserializer<EnrichedRecord> enrichedDeserializer;
    private final String promptVersion;
    private final String promptSha256;
    private final OutputLimit outputLimit;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> latestEnrichments;

    /**
     * @param enrichedDeserializer reads the latest enrichments mirrored in {@link EnrichTopology#HUMAN_STORE}; null
     *                             when human precedence is off (no such store)
     */
    EnrichmentRouter(
            EnrichmentAssembler assembler,
            AuditTrail audit,
            Deserializer<EnrichedRecord> enrichedDeserializer,
            String promptVersion,
            String promptSha256,
            OutputLimit outputLimit) {
        this.assembler = assembler;
        this.outputLimit = outputLimit;
        this.audit = audit;
        this.enrichedDeserializer = enrichedDeserializer;
        this.promptVersion = promptVersion;
        this.promptSha256 = promptSha256;
    }

    void init(ProcessorContext<String, Object> context) {
        this.context = context;
        if (enrichedDeserializer != null) {
            this.latestEnrichments = context.getStateStore(EnrichTopology.HUMAN_STORE);
        }
    }

    /** Routes an analysis served from the cache: no model call, so it started and finished now. */
    void cacheHit(PendingEntry entry, AgencyRecord record, AnalysisCache.Entry hit) {
        Instant now = now();
        forward(
                entry,
                new EnrichmentInput(
                        record,
                        hit.analysis(),
                        hit.findings(),
                        hit.provider(),
                        promptVersion,
                        promptSha256,
                        now,
                        now,
                        entry.attempts(),
                        true));
    }

    /** Routes the analysis of a model call that succeeded. */
    void analysed(PendingEntry entry, AgencyRecord record, AnalysisResult result) {
        forward(
                entry,
                new EnrichmentInput(
                        record,
                        result.analysis(),
                        result.findings(),
                        result.provider(),
                        promptVersion,
                        promptSha256,
                        result.startedAt(),
                        result.finishedAt(),
                        entry.attempts(),
                        false));
    }

    /** Routes a failed input to the dead-letter sink with its original bytes, and its audit event. */
    void deadLetter(
            PendingEntry entry,
            String recordId,
            String errorClass,
            String message,
            int attempts,
            Map<String, String> details) {
        Instant now = now();
        String key = recordId == null ? entry.key() : recordId;
        context.forward(
                new Record<>(
                        key,
                        DeadLetters.of(
                                recordId,
                                entry.key(),
                                entry.value(),
                                entry.topic(),
                                entry.partition(),
                                entry.offset(),
                                errorClass,
                                message,
                                attempts,
                                now,
                                details),
                        entry.timestamp()),
                EnrichTopology.DLQ_SINK);
        context.forward(
                new Record<>(
                        key,
                        audit.forFailure(String.valueOf(key), entry.position(), errorClass, message, attempts, now),
                        entry.timestamp()),
                EnrichTopology.AUDIT_SINK);
    }

    private void forward(PendingEntry entry, EnrichmentInput input) {
        var assembled = assembler.assemble(input, now());
        EnrichedRecord enriched = assembled.enriched();
        String key = enriched.getRecordId();
        if (refusedAsTooLarge(entry, enriched)) {
            return;
        }
        Optional<EnrichedRecord> human = humanDecision(key);
        if (human.isPresent()) {
            EnrichedRecord kept = HumanPrecedence.keep(human.get(), enriched, now());
            context.forward(new Record<>(key, kept, entry.timestamp()), EnrichTopology.ENRICHED_SINK);
            forwardAudit(entry, key, audit.forEnrichment(enriched, assembled.injection(), entry.position()));
            context.forward(
                    new Record<>(key, audit.forHumanDecisionKept(kept, enriched, entry.position()), entry.timestamp()),
                    EnrichTopology.AUDIT_SINK);
            return;
        }
        context.forward(new Record<>(key, enriched, entry.timestamp()), EnrichTopology.ENRICHED_SINK);
        if (enriched.getNeedsReview()) {
            context.forward(new Record<>(key, enriched, entry.timestamp()), EnrichTopology.REVIEW_SINK);
        }
        forwardAudit(entry, key, audit.forEnrichment(enriched, assembled.injection(), entry.position()));
    }

    /** Dead-letters an enrichment the producer would refuse, so that it cannot stop the task at every restart. */
    private boolean refusedAsTooLarge(PendingEntry entry, EnrichedRecord enriched) {
        Optional<String> refusal = outputLimit.refusal(enriched);
        refusal.ifPresent(reason -> {
            LOG.warn("dead-lettering {} ({}): {}", enriched.getRecordId(), entry.position(), reason);
            deadLetter(
                    entry,
                    enriched.getRecordId(),
                    RecordTooLargeException.class.getName(),
                    reason + "; the input stays readable at " + entry.position(),
                    entry.attempts() + 1,
                    Map.of("failure", "OUTPUT_TOO_LARGE"));
        });
        return refusal.isPresent();
    }

    private void forwardAudit(PendingEntry entry, String key, Iterable<AuditEvent> events) {
        for (AuditEvent event : events) {
            context.forward(new Record<>(key, event, entry.timestamp()), EnrichTopology.AUDIT_SINK);
        }
    }

    /** The human decision standing for {@code recordId}: its latest enrichment on records.enriched.v1 when a human made it. */
    private Optional<EnrichedRecord> humanDecision(String recordId) {
        if (latestEnrichments == null || recordId == null) {
            return Optional.empty();
        }
        byte[] bytes = latestEnrichments.get(recordId);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            EnrichedRecord latest = enrichedDeserializer.deserialize(Topics.ENRICHED.name(), bytes);
            return HumanProvenance.isHumanDecision(latest) ? Optional.of(latest) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot read the latest enrichment of {} to check for a human decision: {}",
                    recordId,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}

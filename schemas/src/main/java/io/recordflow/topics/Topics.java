package io.recordflow.topics;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AnalysisCacheEntry;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The RecordFlow topics (v1). Keys are record ids (strings); values are Avro records. */
public final class Topics {
    /** Records extracted by ingest. */
    public static final Topic<String, AgencyRecord> INGESTED =
            new Topic<>("records.ingested.v1", Serdes::String, AgencyRecord.class);
    /** Classified and summarized records, ready for the sinks. */
    public static final Topic<String, EnrichedRecord> ENRICHED =
            new Topic<>("records.enriched.v1", Serdes::String, EnrichedRecord.class);
    /** Enriched records needing human review (low confidence, suspicious content). */
    public static final Topic<String, EnrichedRecord> REVIEW =
            new Topic<>("records.review.v1", Serdes::String, EnrichedRecord.class);
    /** Records that could not be processed, with the reason. */
    public static final Topic<String, DeadLetter> DLQ = new Topic<>("records.dlq.v1", Serdes::String, DeadLetter.class);
    /** Per-step provenance events. */
    public static final Topic<String, AuditEvent> AUDIT =
            new Topic<>("records.audit.v1", Serdes::String, AuditEvent.class);
    /**
     * Analyses already paid for, shared by every enrich application (replays included), which reads it as a global
     * store and writes through. Compacted; keyed by the SHA-256 of the cache key parts, not by record id, so it is
     * not one of the pipeline topics of {@link #all()}.
     */
    public static final Topic<String, AnalysisCacheEntry> ANALYSIS_CACHE =
            new Topic<>("records.analysis-cache.v1", Serdes::String, AnalysisCacheEntry.class);
    /** Dead letters of the BagIt archive sink connector, in local mode and in docker/connect alike. */
    public static final SinkDeadLetterTopic ARCHIVE_SINK_DLQ = new SinkDeadLetterTopic("records.sink-dlq.archive.v1");
    /** Dead letters of the PostgreSQL (JDBC) sink connector, in local mode and in docker/connect alike. */
    public static final SinkDeadLetterTopic JDBC_SINK_DLQ = new SinkDeadLetterTopic("records.sink-dlq.jdbc.v1");

    private Topics() {}

    /** All topics, in pipeline order. */
    public static List<Topic<String, ?>> all() {
        return List.of(INGESTED, ENRICHED, REVIEW, DLQ, AUDIT);
    }

    /** The dead-letter topics of the sink connectors. */
    public static List<SinkDeadLetterTopic> sinkDeadLetters() {
        return List.of(ARCHIVE_SINK_DLQ, JDBC_SINK_DLQ);
    }
}

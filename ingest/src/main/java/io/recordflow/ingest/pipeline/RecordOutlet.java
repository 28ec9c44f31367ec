package io.recordflow.ingest.pipeline;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import java.util.List;

/**
 * Where the ingest of one file ends up: Kafka topics, or JSON on a dry run. Called an outlet because "sink" names
 * the Kafka Connect sinks in RecordFlow. Implementations are thread-safe.
 */
public interface RecordOutlet extends AutoCloseable {

    /** The records of one file (the file's own first) and their audit events. */
    void records(List<AgencyRecord> records, List<AuditEvent> audit);

    /** A file that could not be ingested, with its audit event. */
    void deadLetter(DeadLetter deadLetter, AuditEvent audit);

    /** Waits until everything handed over is durably written; throws when a write failed. */
    void flush();

    @Override
    void close();
}

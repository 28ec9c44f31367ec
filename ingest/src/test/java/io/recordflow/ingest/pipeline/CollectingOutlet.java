package io.recordflow.ingest.pipeline;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what ingest hands over, for unit tests of the pipeline without a broker. */
public final class CollectingOutlet implements RecordOutlet {

    public final List<AgencyRecord> records = new CopyOnWriteArrayList<>();
    public final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    public final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

    @Override
    public void records(List<AgencyRecord> batch, List<AuditEvent> events) {
        records.addAll(batch);
        audit.addAll(events);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter, AuditEvent event) {
        deadLetters.add(deadLetter);
        audit.add(event);
    }

    @Override
    public void flush() {
        // everything is already in memory
    }

    @Override
    public void close() {
        // nothing to release
    }
}

package io.recordflow.ingest.produce;

import io.recordflow.ingest.pipeline.RecordOutlet;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import java.io.PrintWriter;
import java.util.List;

/**
 * The dry run's destination: each record and each dead letter as one JSON line (Avro's JSON rendering), nothing
 * sent to Kafka. Audit events are not printed: they describe the sending that a dry run does not do.
 */
public final class JsonLinesOutlet implements RecordOutlet {

    private final PrintWriter out;

    public JsonLinesOutlet(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void records(List<AgencyRecord> records, List<AuditEvent> audit) {
        for (AgencyRecord r : records) {
            out.println(r.toString().replace('\n', ' '));
        }
        out.flush();
    }

    @Override
    public synchronized void deadLetter(DeadLetter deadLetter, AuditEvent audit) {
        out.println("{\"deadLetter\": " + deadLetter.toString().replace('\n', ' ') + "}");
        out.flush();
    }

    @Override
    public synchronized void flush() {
        out.flush();
    }

    @Override
    public void close() {
        flush();
    }
}

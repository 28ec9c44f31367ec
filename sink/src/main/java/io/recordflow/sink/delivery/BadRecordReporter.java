package io.recordflow.sink.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records a sink cannot store to Connect's errant record reporter (the dead-letter queue, with the
 * reason in its context headers). Without a reporter a bad record stops the task with an error naming its
 * topic, partition and offset: a record is never dropped silently.
 */
public final class BadRecordReporter {

    private static final Logger LOG = LoggerFactory.getLogger(BadRecordReporter.class);

    private final ErrantRecordReporter reporter;
    private final List<Future<Void>> pending = new ArrayList<>();

    public BadRecordReporter(ErrantRecordReporter reporter) {
        this.reporter = reporter;
    }

    /** Reporter for a task context; workers older than Kafka 2.6 have none. */
    public static BadRecordReporter of(SinkTaskContext context) {
        ErrantRecordReporter reporter;
        try {
            reporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            reporter = null;
        }
        return new BadRecordReporter(reporter);
    }

    public void report(SinkRecord record, Throwable reason) {
        String where = describe(record);
        if (reporter == null) {
            throw new ConnectException(
                    "Cannot store " + where + " and no dead-letter queue is configured: " + reason.getMessage(),
                    reason);
        }
        LOG.warn("Sending {} to the dead-letter queue: {}", where, reason.getMessage());
        pending.add(reporter.report(record, reason));
    }

    /** Waits until every reported record is acknowledged by the dead-letter queue. */
    public void awaitReported() {
        for (Future<Void> future : pending) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while reporting bad records", e);
            } catch (ExecutionException e) {
                throw new ConnectException("Could not write a bad record to the dead-letter queue", e.getCause());
            }
        }
        pending.clear();
    }

    public static String describe(SinkRecord record) {
        return "record " + record.key() + " at " + record.topic() + "-" + record.kafkaPartition() + " offset "
                + record.kafkaOffset();
    }
}

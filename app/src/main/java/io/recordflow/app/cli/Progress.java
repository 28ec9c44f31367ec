package io.recordflow.app.cli;

import io.recordflow.app.kafka.TopicSnapshotReader;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long read: a counter rewritten in place when stderr is a terminal, a log line every few seconds
 * otherwise (so redirected output and CI logs stay readable).
 */
public final class Progress implements TopicSnapshotReader.ProgressListener {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final long TERMINAL_INTERVAL_MS = 200;
    private static final long LOG_INTERVAL_MS = 5_000;

    private final PrintWriter err;
    private final String label;
    private final boolean terminal;
    private long lastShown;
    private boolean counterShown;

    Progress(PrintWriter err, String label, boolean terminal) {
        this.err = err;
        this.label = label;
        this.terminal = terminal;
        this.lastShown = System.currentTimeMillis();
    }

    /** Progress on the process's stderr, as a counter only when a console is attached. */
    public static Progress of(PrintWriter err, String label) {
        return new Progress(err, label, System.console() != null);
    }

    @Override
    public void update(long read, long total) {
        long now = System.currentTimeMillis();
        boolean finished = read >= total;
        if (terminal) {
            if (finished && counterShown || now - lastShown >= TERMINAL_INTERVAL_MS) {
                err.print("\r" + label + ": " + read + "/" + total + (finished ? "\n" : ""));
                err.flush();
                counterShown = !finished;
                lastShown = now;
            }
        } else if (now - lastShown >= LOG_INTERVAL_MS) {
            LOG.info("{}: read {} of {} records", label, read, total);
            lastShown = now;
        }
    }
}

package io.recordflow.app.cli;

import io.recordflow.ingest.pipeline.FileOutcome;
import io.recordflow.ingest.pipeline.IngestSummary;
import io.recordflow.ingest.pipeline.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of {@code recordflow ingest}: on a terminal a bar redrawn in place with files/s and MB/s; otherwise
 * (pipes, CI logs) one line per finished file. Failures are always printed on their own line.
 */
final class IngestProgress implements ProgressListener {

    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final int total;

    private IngestProgress(PrintWriter err, boolean terminal, int total) {
        this.err = err;
        this.terminal = terminal;
        this.total = total;
    }

    static IngestProgress forConsole(PrintWriter err, boolean terminal, int total) {
        return new IngestProgress(err, terminal, total);
    }

    @Override
    public synchronized void finished(FileOutcome outcome, IngestSummary summary, int totalInputs) {
        if (outcome.status() == FileOutcome.Status.FAILED) {
            clearBar();
            err.println("FAILED " + outcome.reason());
        } else if (!terminal) {
            err.println((outcome.status() == FileOutcome.Status.DUPLICATE ? "duplicate " : "ingested ")
                    + outcome.input()
                    + (outcome.records() > 1 ? " (" + outcome.records() + " records)" : ""));
        }
        if (terminal) {
            err.print("\r" + bar(summary));
        }
        err.flush();
    }

    private void clearBar() {
        if (terminal) {
            err.print("\r" + " ".repeat(BAR_WIDTH + 60) + "\r");
        }
    }

    private String bar(IngestSummary s) {
        int done = s.processed();
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * Math.min(done, total) / total);
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-3);
        return String.format(
                Locale.ROOT,
                "[%s%s] %d/%d files  %.1f files/s  %.2f MB/s",
                "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled),
                done,
                total,
                done / seconds,
                s.bytes() / 1e6 / seconds);
    }

    /** Prints the final summary. */
    synchronized void done(IngestSummary s) {
        if (terminal) {
            err.println();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        err.printf(
                Locale.ROOT,
                "ingested %d files (%d records), %d duplicates skipped, %d failed, %.1f MB in %.1f s%n",
                s.ingested(),
                s.records(),
                s.duplicates(),
                s.failed(),
                s.bytes() / 1e6,
                seconds);
        for (FileOutcome f : s.failures()) {
            err.println("  failed: " + f.reason());
        }
        s.refusedByRegistry()
                .ifPresent(file -> err.println("the schema registry refused writes, first for " + file
                        + "; the records counted above are those committed. Ingest the failed files again once the "
                        + "registry answers (a file keeps its record id)."));
        err.flush();
    }
}

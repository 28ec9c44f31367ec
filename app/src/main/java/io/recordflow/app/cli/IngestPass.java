package io.recordflow.app.cli;

import io.recordflow.ingest.config.IngestConfig;
import io.recordflow.ingest.pipeline.FileOutcome;
import io.recordflow.ingest.pipeline.IngestService;
import io.recordflow.ingest.pipeline.IngestSummary;
import io.recordflow.ingest.pipeline.InputFile;
import io.recordflow.ingest.pipeline.RecordOutlet;
import io.recordflow.ingest.source.InputExpander;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/** One ingest pass over the given paths into a record outlet, with progress on stderr; shared by {@code ingest} and {@code run}. */
final class IngestPass {

    private IngestPass() {}

    /**
     * The exit code a pass earns by itself: {@link ExitCode#UNAVAILABLE} when the schema registry refused a file's
     * schemas (the files after it were not tried), {@link ExitCode#PARTIAL_FAILURE} when some files failed, else OK.
     */
    static int exitCode(IngestSummary summary) {
        if (summary.refusedByRegistry().isPresent()) {
            return ExitCode.UNAVAILABLE;
        }
        return summary.failed() == 0 ? ExitCode.OK : ExitCode.PARTIAL_FAILURE;
    }

    static IngestSummary ingest(
            List<String> paths, IngestOptions options, String blobRoot, RecordOutlet outlet, PrintWriter err)
            throws Exception {
        return ingest(paths, options, blobRoot, outlet, recordId -> false, err);
    }

    /** As above, skipping files whose record id is already on the ingest topic from an earlier run. */
    static IngestSummary ingest(
            List<String> paths,
            IngestOptions options,
            String blobRoot,
            RecordOutlet outlet,
            Predicate<String> ingestedBefore,
            PrintWriter err)
            throws Exception {
        IngestConfig config = new IngestConfig(options.settings(blobRoot));
        IngestSummary summary = new IngestSummary();
        List<InputFile> inputs = new InputExpander(options.glob, System.in, options.stdinName)
                .expand(paths, rejected -> {
                    err.println("FAILED " + rejected.path() + ": " + rejected.reason());
                    summary.add(new FileOutcome(
                            rejected.path(),
                            FileOutcome.Status.FAILED,
                            0,
                            0,
                            rejected.path() + ": " + rejected.reason()));
                });
        IngestProgress progress = IngestProgress.forConsole(err, System.console() != null, inputs.size());
        try (IngestService service =
                new IngestService(config, outlet, options.threads(), Clock.systemUTC(), ingestedBefore)) {
            service.run(inputs, summary, progress);
        }
        progress.done(summary);
        return summary;
    }
}

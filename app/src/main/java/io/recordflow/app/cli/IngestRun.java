package io.recordflow.app.cli;

import io.recordflow.ingest.config.IngestConfig;
import io.recordflow.ingest.pipeline.FileOutcome;
import io.recordflow.ingest.pipeline.IngestService;
import io.recordflow.ingest.pipeline.IngestSink;
import io.recordflow.ingest.pipeline.IngestSummary;
import io.recordflow.ingest.pipeline.InputFile;
import io.recordflow.ingest.source.InputExpander;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;

/** One ingest pass over the given paths into a sink, with progress on stderr; shared by {@code ingest} and {@code run}. */
final class IngestRun {

    private IngestRun() {
    }

    static IngestSummary ingest(List<String> paths, IngestOptions options, String blobDir, IngestSink sink,
                                PrintWriter err) throws Exception {
        IngestConfig config = new IngestConfig(options.settings(blobDir));
        IngestSummary summary = new IngestSummary();
        List<InputFile> inputs = new InputExpander(options.glob, System.in, options.stdinName).expand(paths, rejected -> {
            err.println("FAILED " + rejected.path() + ": " + rejected.reason());
            summary.add(new FileOutcome(rejected.path(), FileOutcome.Status.FAILED, 0, 0,
                rejected.path() + ": " + rejected.reason()));
        });
        IngestProgress progress = IngestProgress.forConsole(err, System.console() != null, inputs.size());
        try (IngestService service = new IngestService(config, sink, options.threads(), Clock.systemUTC())) {
            service.run(inputs, summary, progress);
        }
        progress.done(summary);
        return summary;
    }
}

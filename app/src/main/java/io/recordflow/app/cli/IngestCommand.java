package io.recordflow.app.cli;

import io.recordflow.ingest.config.IngestConfig;
import io.recordflow.ingest.pipeline.FileOutcome;
import io.recordflow.ingest.pipeline.IngestService;
import io.recordflow.ingest.pipeline.IngestSink;
import io.recordflow.ingest.pipeline.IngestSummary;
import io.recordflow.ingest.pipeline.InputFile;
import io.recordflow.ingest.produce.JsonLinesSink;
import io.recordflow.ingest.produce.KafkaIngestSink;
import io.recordflow.ingest.source.InputExpander;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recordflow ingest PATH...}: extract files, folders or stdin into AgencyRecords on records.ingested.v1. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {"Extract documents, scans and audio with Apache Tika and publish one AgencyRecord per file "
                + "(and per attachment) to records.ingested.v1; failures go to records.dlq.v1.",
                "Exit status 0 only when no file failed."})
public final class IngestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "Files, folders (recursively), glob patterns such as 'scans/**/*.tif', or - for standard input.")
    private List<String> paths;

    @Option(names = "--agency", description = "Agency that holds the records.")
    private String agency;

    @Option(names = "--office", description = "Office of record within the agency.")
    private String office;

    @Option(names = "--source", defaultValue = "filesystem",
            description = "Source system name; part of every recordId (default: ${DEFAULT-VALUE}).")
    private String source;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    private String bootstrapServers;

    @Option(names = "--registry-url", defaultValue = "http://localhost:8081",
            description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
    private String registryUrl;

    @Option(names = "--dry-run", description = "Extract and print each record as JSON on standard output; no Kafka.")
    private boolean dryRun;

    @Option(names = "--parallelism", description = "Files extracted at once (default: number of cores).")
    private Integer parallelism;

    @Option(names = "--glob", paramLabel = "GLOB", description = "Only files in folders whose name matches, e.g. '*.pdf'.")
    private String glob;

    @Option(names = "--blob-dir", defaultValue = "recordflow-blobs",
            description = "Content-addressed store for originals and full texts (default: ${DEFAULT-VALUE}).")
    private String blobDir;

    @Option(names = "--isolation", defaultValue = IngestConfig.ISOLATION_FORKED,
            description = "forked (child JVMs with timeout and heap cap) or in-process (default: ${DEFAULT-VALUE}).")
    private String isolation;

    @Option(names = "--timeout", defaultValue = "120000", paramLabel = "MS",
            description = "Per-file extraction timeout in forked mode, ms (default: ${DEFAULT-VALUE}).")
    private long timeoutMillis;

    @Option(names = "--worker-heap", defaultValue = "512m",
            description = "Heap of each extraction child JVM (default: ${DEFAULT-VALUE}).")
    private String workerHeap;

    @Option(names = "--no-ocr", description = "Do not run tesseract OCR.")
    private boolean noOcr;

    @Option(names = "--stdin-name", defaultValue = "stdin",
            description = "File name given to standard input, a format hint (default: ${DEFAULT-VALUE}).")
    private String stdinName;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        int threads = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
        IngestConfig config = new IngestConfig(settings());
        IngestSummary summary = new IngestSummary();
        List<InputFile> inputs = new InputExpander(glob, System.in, stdinName).expand(paths, rejected -> {
            err.println("FAILED " + rejected.path() + ": " + rejected.reason());
            summary.add(new FileOutcome(rejected.path(), FileOutcome.Status.FAILED, 0, 0,
                    rejected.path() + ": " + rejected.reason()));
        });
        IngestProgress progress = IngestProgress.forConsole(err, System.console() != null, inputs.size());
        try (IngestService service = new IngestService(config, sink(), threads, Clock.systemUTC())) {
            service.run(inputs, summary, progress);
        }
        progress.done(summary);
        return summary.failed() == 0 ? ExitCode.OK : ExitCode.PARTIAL_FAILURE;
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(IngestConfig.AGENCY, agency);
        settings.put(IngestConfig.OFFICE, office);
        settings.put(IngestConfig.SOURCE, source);
        settings.put(IngestConfig.BLOB_DIR, blobDir);
        settings.put(IngestConfig.ISOLATION, isolation);
        settings.put(IngestConfig.TIMEOUT_MS, timeoutMillis);
        settings.put(IngestConfig.WORKER_HEAP, workerHeap);
        settings.put(IngestConfig.OCR_ENABLED, !noOcr);
        String password = System.getenv("RECORDFLOW_PDF_PASSWORD");
        if (password != null) {
            settings.put(IngestConfig.PDF_PASSWORD, password);
        }
        return settings;
    }

    private IngestSink sink() {
        if (dryRun) {
            return new JsonLinesSink(spec.commandLine().getOut());
        }
        return KafkaIngestSink.create(bootstrapServers, Map.of("schema.registry.url", registryUrl));
    }
}

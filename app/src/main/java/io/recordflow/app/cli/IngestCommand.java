package io.recordflow.app.cli;

import io.recordflow.ingest.pipeline.IngestSink;
import io.recordflow.ingest.pipeline.IngestSummary;
import io.recordflow.app.config.ClientConfig;
import io.recordflow.ingest.produce.JsonLinesSink;
import io.recordflow.ingest.produce.KafkaIngestSink;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    private IngestOptions options;

    @Mixin
    private ClusterOptions cluster;

    @Option(names = "--dry-run", description = "Extract and print each record as JSON on standard output; no Kafka.")
    private boolean dryRun;

    @Option(names = "--blob-dir", defaultValue = "${env:RECORDFLOW_BLOB_DIR:-recordflow-blobs}",
            description = "Content-addressed store for originals and full texts; the enrich service and the sinks "
                    + "must see the same folder (default: RECORDFLOW_BLOB_DIR, else ${DEFAULT-VALUE}).")
    private String blobDir;

    @Override
    public Integer call() throws Exception {
        IngestSummary summary = IngestRun.ingest(paths, options, blobDir, sink(), spec.commandLine().getErr());
        return summary.failed() == 0 ? ExitCode.OK : ExitCode.PARTIAL_FAILURE;
    }

    private IngestSink sink() {
        if (dryRun) {
            return new JsonLinesSink(spec.commandLine().getOut());
        }
        ClientConfig client = cluster.clientConfig();
        return KafkaIngestSink.create(client.kafkaProperties(), client.serdeConfig());
    }
}

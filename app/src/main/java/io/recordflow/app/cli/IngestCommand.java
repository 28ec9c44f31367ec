package io.recordflow.app.cli;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.ingest.pipeline.IngestSummary;
import io.recordflow.ingest.pipeline.RecordOutlet;
import io.recordflow.ingest.produce.JsonLinesOutlet;
import io.recordflow.ingest.produce.KafkaRecordOutlet;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
        description = {
            "Extract documents, scans and audio with Apache Tika and publish one AgencyRecord per file "
                    + "(and per attachment) to records.ingested.v1; failures go to records.dlq.v1.",
            "Exit status 0 when no file failed, 1 when some did, 69 when the schema registry refused a file's "
                    + "records or dead letter (unreachable past schema.registry.retry.max.ms, or an error answer); "
                    + "after a refusal of records no further file is started. The summary names each failed file."
        })
public final class IngestCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);
    private static final String ENV = "RECORDFLOW_BLOB_ROOT";
    private static final String DEPRECATED_ENV = "RECORDFLOW_BLOB_DIR";
    private static final String DEPRECATED_OPTION = "--blob-dir";

    @Spec
    private CommandSpec spec;

    @Parameters(
            paramLabel = "PATH",
            arity = "1..*",
            description =
                    "Files, folders (recursively), glob patterns such as 'scans/**/*.tif', or - for standard input.")
    private List<String> paths;

    @Mixin
    private IngestOptions options;

    @Mixin
    private ClusterOptions cluster;

    @Option(names = "--dry-run", description = "Extract and print each record as JSON on standard output; no Kafka.")
    private boolean dryRun;

    // --blob-dir and RECORDFLOW_BLOB_DIR are the names before blob.root became the one key across ingest, sink, docker.
    @Option(
            names = {"--blob-root", DEPRECATED_OPTION},
            defaultValue = "${env:" + ENV + ":-${env:" + DEPRECATED_ENV + ":-recordflow-blobs}}",
            description = "Content-addressed store for originals and full texts; the enrich service and the sinks "
                    + "must see the same folder, the archive sink as blob.root (default: " + ENV + ", else "
                    + "recordflow-blobs). " + DEPRECATED_OPTION + " and " + DEPRECATED_ENV + " still work, deprecated.")
    private String blobRoot;

    @Override
    public Integer call() throws Exception {
        warnAboutDeprecatedNames();
        IngestSummary summary = IngestPass.ingest(
                paths, options, blobRoot, outlet(), spec.commandLine().getErr());
        return IngestPass.exitCode(summary);
    }

    private void warnAboutDeprecatedNames() {
        if (spec.commandLine().getParseResult().originalArgs().stream()
                .anyMatch(arg -> arg.equals(DEPRECATED_OPTION) || arg.startsWith(DEPRECATED_OPTION + "="))) {
            LOG.warn("{} is deprecated; use --blob-root", DEPRECATED_OPTION);
        }
        if (System.getenv(ENV) == null && System.getenv(DEPRECATED_ENV) != null) {
            LOG.warn("{} is deprecated; set {}", DEPRECATED_ENV, ENV);
        }
    }

    private RecordOutlet outlet() {
        if (dryRun) {
            return new JsonLinesOutlet(spec.commandLine().getOut());
        }
        ClientConfig client = cluster.clientConfig();
        return KafkaRecordOutlet.create(client.kafkaProperties(), client.serdeConfig());
    }
}

package io.recordflow.app.cli;

import io.recordflow.ingest.config.IngestConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

/** Extraction settings shared by {@code recordflow ingest} and {@code recordflow run}. */
public final class IngestOptions {

    @Option(names = "--agency", description = "Agency that holds the records.")
    String agency;

    @Option(names = "--office", description = "Office of record within the agency.")
    String office;

    @Option(
            names = "--source",
            defaultValue = "filesystem",
            description = "Source system name; part of every recordId (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(
            names = "--parallelism",
            description = "Files parsed at once, in the extraction child JVM or on threads "
                    + "with --isolation in-process (default: number of cores).")
    Integer parallelism;

    @Option(
            names = "--glob",
            paramLabel = "GLOB",
            description = "Only files in folders whose name matches, e.g. '*.pdf'.")
    String glob;

    @Option(
            names = "--isolation",
            defaultValue = IngestConfig.ISOLATION_FORKED,
            description = "forked (child JVMs with timeout and heap cap) or in-process (default: ${DEFAULT-VALUE}).")
    String isolation;

    @Option(
            names = "--timeout",
            defaultValue = "120000",
            paramLabel = "MS",
            description = "Per-file extraction timeout in forked mode, ms (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(
            names = "--worker-heap",
            defaultValue = "512m",
            description = "Heap for each file parsed at once in forked mode; the extraction child JVM gets this times "
                    + "--parallelism (default: ${DEFAULT-VALUE}).")
    String workerHeap;

    @Option(names = "--no-ocr", description = "Do not run tesseract OCR.")
    boolean noOcr;

    @Option(
            names = "--stdin-name",
            defaultValue = "stdin",
            description = "File name given to standard input, a format hint (default: ${DEFAULT-VALUE}).")
    String stdinName;

    @Option(
            names = "--ingest-set",
            paramLabel = "KEY=VALUE",
            description = "Any further ingest setting without an option of its own, e.g. "
                    + "--ingest-set extract.image.max.pixels=50000000 or extract.embedded.max.count=200 (repeatable).")
    Map<String, String> further = new LinkedHashMap<>();

    /** Extraction threads: the option, else one per core. */
    int threads() {
        return parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
    }

    /** The {@link IngestConfig} settings these options stand for, storing originals under {@code blobRoot}. */
    Map<String, Object> settings(String blobRoot) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(IngestConfig.AGENCY, agency);
        settings.put(IngestConfig.OFFICE, office);
        settings.put(IngestConfig.SOURCE, source);
        settings.put(IngestConfig.BLOB_ROOT, blobRoot);
        settings.put(IngestConfig.ISOLATION, isolation);
        settings.put(IngestConfig.TIMEOUT_MS, timeoutMillis);
        settings.put(IngestConfig.WORKER_HEAP, workerHeap);
        settings.put(IngestConfig.OCR_ENABLED, !noOcr);
        String password = System.getenv("RECORDFLOW_PDF_PASSWORD");
        if (password != null) {
            settings.put(IngestConfig.PDF_PASSWORD, password);
        }
        further.forEach((key, value) -> {
            if (!settable().contains(key)) {
                throw new ConfigException(
                        key,
                        value,
                        "--ingest-set takes one of " + settable() + "; the others have options of their own");
            }
            settings.put(key, value);
        });
        return settings;
    }

    /** Ingest settings {@code --ingest-set} may give: those without an option (or variable) of their own. */
    private static Set<String> settable() {
        Set<String> keys = new TreeSet<>(IngestConfig.CONFIG_DEF.names());
        keys.removeAll(List.of(
                IngestConfig.AGENCY,
                IngestConfig.OFFICE,
                IngestConfig.SOURCE,
                IngestConfig.BLOB_ROOT,
                IngestConfig.DEPRECATED_BLOB_DIR,
                IngestConfig.ISOLATION,
                IngestConfig.TIMEOUT_MS,
                IngestConfig.WORKER_HEAP,
                IngestConfig.OCR_ENABLED,
                IngestConfig.PDF_PASSWORD));
        return keys;
    }
}

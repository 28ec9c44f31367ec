package io.recordflow.ingest.pipeline;

import io.recordflow.ingest.audit.AuditEvents;
import io.recordflow.ingest.blob.FileSystemBlobStore;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.config.IngestConfig;
import io.recordflow.ingest.extract.DocumentParser;
import io.recordflow.ingest.extract.Extractor;
import io.recordflow.ingest.extract.OcrAvailability;
import io.recordflow.ingest.extract.RecordMapper;
import io.recordflow.ingest.extract.TikaParse;
import io.recordflow.ingest.isolation.ForkedDocumentParser;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * Wires the ingest component from its configuration: blob store, Tika in forked or in-process mode, record mapping,
 * audit events and the given outlet; runs inputs and releases the child JVMs and the outlet on close.
 */
public final class IngestService implements AutoCloseable {

    private final DocumentParser parser;
    private final RecordOutlet outlet;
    private final FileIngestor ingestor;
    private final int threads;

    public IngestService(IngestConfig config, RecordOutlet outlet, int parallelism, Clock clock) throws IOException {
        this(config, outlet, parallelism, clock, recordId -> false);
    }

    /** As above, skipping content whose record id {@code ingestedBefore} knows from an earlier run. */
    public IngestService(
            IngestConfig config, RecordOutlet outlet, int parallelism, Clock clock, Predicate<String> ingestedBefore)
            throws IOException {
        OcrAvailability ocr = OcrAvailability.get().log();
        ExtractionLimits limits = config.limits();
        FileSystemBlobStore blobs = new FileSystemBlobStore(config.blobRoot());
        this.parser = config.forked()
                ? new ForkedDocumentParser(parallelism, config.workerHeap(), config.timeoutMillis(), limits, null)
                : new TikaParse(limits);
        this.outlet = outlet;
        this.threads = config.forked() ? ForkedDocumentParser.callerThreads(parallelism) : parallelism;
        String version = pipelineVersion();
        Extractor extractor = new Extractor(
                parser,
                new RecordMapper(config.textMaxChars(), limits.writeLimitChars(), blobs::putText, clock, version));
        this.ingestor = new FileIngestor(
                blobs,
                extractor,
                outlet,
                new AuditEvents(clock, version, ocr.available()),
                clock,
                config.source(),
                config.agency(),
                config.office(),
                ingestedBefore);
    }

    /** Ingests the inputs, adding to the summary (with the file the schema registry refused, if any), and flushes the outlet. */
    public IngestSummary run(List<InputFile> inputs, IngestSummary summary, ProgressListener progress)
            throws InterruptedException {
        new IngestWorkers(ingestor, threads).run(inputs, summary, progress);
        ingestor.refusedByRegistry().ifPresent(summary::registryRefused);
        outlet.flush();
        return summary;
    }

    /** RecordFlow's version from the jar manifest, or "development" when run from classes. */
    public static String pipelineVersion() {
        String v = IngestService.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public void close() {
        if (parser instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop extraction children: " + e.getMessage(), e);
            }
        }
        outlet.close();
    }
}

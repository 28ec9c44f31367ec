package io.recordflow.ingest.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-safe tally of a run: files ingested, duplicates skipped, failures with reasons, bytes, and the file the schema
 * registry refused if it refused one.
 */
public final class IngestSummary {

    private final AtomicInteger ingested = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger records = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final List<FileOutcome> failures = new ArrayList<>();
    private final AtomicReference<String> refusedByRegistry = new AtomicReference<>();

    public void add(FileOutcome outcome) {
        bytes.addAndGet(outcome.bytes());
        switch (outcome.status()) {
            case INGESTED -> {
                ingested.incrementAndGet();
                records.addAndGet(outcome.records());
            }
            case DUPLICATE -> duplicates.incrementAndGet();
            case FAILED -> {
                synchronized (failures) {
                    failures.add(outcome);
                }
            }
        }
    }

    /** Notes the first file whose records or dead letter the schema registry refused; later calls keep the first. */
    public void registryRefused(String input) {
        refusedByRegistry.compareAndSet(null, input);
    }

    /** The first file whose records or dead letter the schema registry refused, if it refused one. */
    public Optional<String> refusedByRegistry() {
        return Optional.ofNullable(refusedByRegistry.get());
    }

    public int ingested() {
        return ingested.get();
    }

    public int duplicates() {
        return duplicates.get();
    }

    public int records() {
        return records.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public int processed() {
        return ingested() + duplicates() + failed();
    }

    public int failed() {
        synchronized (failures) {
            return failures.size();
        }
    }

    public List<FileOutcome> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }
}

package io.recordflow.ingest.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe tally of a run: files ingested, duplicates skipped, failures with reasons, bytes. */
public final class IngestSummary {

  private final AtomicInteger ingested = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger records = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final List<FileOutcome> failures = new ArrayList<>();

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

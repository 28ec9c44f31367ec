package io.recordflow.ingest.extract;

import io.recordflow.records.AgencyRecord;
import java.util.List;

/**
 * The result of extracting one file: its records (the file's own first), or the reason it failed.
 *
 * @param records the file's record and its attachments' records; empty when failed
 * @param failure null on success
 * @param parseMillis time spent parsing
 */
public record Extraction(List<AgencyRecord> records, ParseFailure failure, long parseMillis) {

  public Extraction {
    records = List.copyOf(records);
  }

  public boolean failed() {
    return failure != null;
  }
}

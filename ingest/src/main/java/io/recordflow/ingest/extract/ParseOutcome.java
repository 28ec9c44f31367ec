package io.recordflow.ingest.extract;

import java.util.List;
import org.apache.tika.metadata.Metadata;

/**
 * What one Tika parse produced: the container's metadata first, then one entry per embedded document, and
 * the container failure when the top-level parse threw.
 *
 * @param parts container first, then embedded documents in document order (Tika's RecursiveParserWrapper list)
 * @param failure null when the container parsed; otherwise why it did not
 */
public record ParseOutcome(List<Metadata> parts, ParseFailure failure) {

  public ParseOutcome {
    parts = List.copyOf(parts);
  }

  public boolean failed() {
    return failure != null;
  }

  /** The top-level file's metadata (and its text under {@code X-TIKA:content}). */
  public Metadata container() {
    return parts.isEmpty() ? new Metadata() : parts.get(0);
  }
}

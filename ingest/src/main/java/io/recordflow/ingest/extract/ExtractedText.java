package io.recordflow.ingest.extract;

import java.io.IOException;
import java.net.URI;

/** Stores the complete text of a record whose text is longer than the record may carry. */
@FunctionalInterface
public interface ExtractedText {

  /**
   * Stores full text beside the original.
   *
   * @param key SHA-256 of the document the text came from
   * @return URI of the stored text
   */
  URI store(String key, CharSequence fullText) throws IOException;
}

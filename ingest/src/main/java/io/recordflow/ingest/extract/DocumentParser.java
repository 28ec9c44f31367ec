package io.recordflow.ingest.extract;

import java.io.IOException;
import java.nio.file.Path;

/** Parses one stored file with Tika, in this JVM ({@link TikaParse}) or isolated in a child JVM. */
public interface DocumentParser {

  /**
   * Parses a file.
   *
   * @param file local copy of the original
   * @param fileName original name, a detection hint
   * @return the parse; a failed parse is a result, not an exception
   * @throws IOException when the file cannot be read
   */
  ParseOutcome parse(Path file, String fileName) throws IOException;
}

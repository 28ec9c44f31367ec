package io.recordflow.ingest.extract;

import io.recordflow.ingest.blob.StoredBlob;
import java.io.IOException;
import java.util.List;

/**
 * Extraction of one claim-checked file into AgencyRecords. A parse that threw before yielding any text is a
 * failure; one that threw after yielding text gives a record whose warnings say the text may be partial.
 */
public final class Extractor {

  private final DocumentParser parser;
  private final RecordMapper mapper;

  public Extractor(DocumentParser parser, RecordMapper mapper) {
    this.parser = parser;
    this.mapper = mapper;
  }

  /**
   * Extracts a stored file.
   *
   * @throws IOException when the stored copy cannot be read or the full text cannot be stored
   */
  public Extraction extract(StoredBlob blob, SourceDescription source) throws IOException {
    long start = System.nanoTime();
    ParseOutcome outcome = parser.parse(blob.localPath(), source.fileName());
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (outcome.failed() && !hasText(outcome) && !metadataOnly(outcome)) {
      return new Extraction(List.of(), outcome.failure(), millis);
    }
    return new Extraction(mapper.map(outcome, source, blob), null, millis);
  }

  /** Audio and video records are about their technical metadata, which survives a failure late in the parse. */
  private static boolean metadataOnly(ParseOutcome outcome) {
    String type = String.valueOf(outcome.container().get(org.apache.tika.metadata.HttpHeaders.CONTENT_TYPE));
    return type.startsWith("audio/") || type.startsWith("video/");
  }

  private static boolean hasText(ParseOutcome outcome) {
    String text = outcome.container().get(RecordMapper.CONTENT);
    return text != null && !text.isBlank();
  }
}

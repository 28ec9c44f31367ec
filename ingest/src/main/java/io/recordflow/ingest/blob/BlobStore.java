package io.recordflow.ingest.blob;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Claim-check store for originals and full extracted texts: content-addressed, write-once, so storing the same
 * content twice is a no-op. A filesystem implementation ships; an S3-compatible one can implement the same contract.
 */
public interface BlobStore {

  /**
   * Copies a stream into the store while hashing it.
   *
   * @return where the bytes now live, their SHA-256 and size
   * @throws IOException when the stream cannot be read or the store cannot be written
   */
  StoredBlob put(InputStream content) throws IOException;

  /** Stores the full extracted text of the original with the given SHA-256, UTF-8 encoded, and returns its URI. */
  URI putText(String originalSha256, CharSequence text) throws IOException;

  /** Opens stored bytes by the URI {@link #put} or {@link #putText} returned. */
  InputStream open(URI uri) throws IOException;
}

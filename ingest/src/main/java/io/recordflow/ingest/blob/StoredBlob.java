package io.recordflow.ingest.blob;

import java.net.URI;
import java.nio.file.Path;

/**
 * A blob in the store.
 *
 * @param uri stable claim-check URI put into {@code AgencyRecord.contentUri}
 * @param sha256 lower-case hex SHA-256 of the bytes
 * @param sizeBytes number of bytes
 * @param localPath a local file holding the bytes, for parsers (a cached copy for remote stores)
 */
public record StoredBlob(URI uri, String sha256, long sizeBytes, Path localPath) {}

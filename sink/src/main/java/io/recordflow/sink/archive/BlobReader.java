package io.recordflow.sink.archive;

import io.recordflow.blob.BlobRoots;
import io.recordflow.blob.RefusedUriException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Read access to originals in the content-addressed blob store by their claim-check {@code contentUri}, confined to
 * the configured root by {@link BlobRoots} (real path, symbolic links followed), so a record cannot make the sink read
 * arbitrary files. A claim-check with a fragment names a document embedded in a stored container.
 */
final class BlobReader {
    private static final String FIELD = "contentUri";

    private final BlobRoots roots;

    BlobReader(Path root) {
        this.roots = BlobRoots.of(root);
    }

    /** The stored file a claim-check points at, checked to lie under the root. */
    BlobRoots.Location locate(String uri) throws BadRecordException, IOException {
        try {
            return roots.locate(FIELD, uri);
        } catch (RefusedUriException e) {
            throw new BadRecordException(e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new BadRecordException("Original " + uri + " is not in the blob store", e);
        }
    }

    /** Opens a stored file; a missing blob is the record's fault, other I/O errors are the disk's. */
    InputStream open(String uri) throws BadRecordException, IOException {
        BlobRoots.Location location = locate(uri);
        if (location.embedded()) {
            throw new BadRecordException("contentUri " + uri + " names a document embedded in a container; "
                    + "only whole stored files can be opened");
        }
        try {
            return Files.newInputStream(location.file());
        } catch (NoSuchFileException e) {
            throw new BadRecordException("Original " + uri + " is not in the blob store", e);
        }
    }
}

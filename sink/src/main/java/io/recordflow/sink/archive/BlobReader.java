package io.recordflow.sink.archive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Read access to originals in the content-addressed blob store by their claim-check {@code contentUri}. Only
 * {@code file:} URIs under the configured root are served, so a record cannot make the sink read arbitrary files.
 */
final class BlobReader {

    private final Path root;

    BlobReader(Path root) {
        this.root = root;
    }

    /** The local path of a blob, checked to lie under the root. */
    Path resolve(String uri) throws BadRecordException {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException("contentUri is not a URI: " + uri, e);
        }
        if (!"file".equals(parsed.getScheme())) {
            throw new BadRecordException("contentUri " + uri + " is not a file: URI; the archive reads the blob store "
                    + "from the local file system");
        }
        Path path = Path.of(parsed).toAbsolutePath().normalize();
        if (!path.startsWith(root)) {
            throw new BadRecordException("contentUri " + uri + " lies outside the blob store " + root);
        }
        return path;
    }

    /** Opens a blob; a missing blob is the record's fault, other I/O errors are the disk's. */
    InputStream open(String uri) throws BadRecordException, IOException {
        Path path = resolve(uri);
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new BadRecordException("Original " + uri + " is not in the blob store", e);
        }
    }
}

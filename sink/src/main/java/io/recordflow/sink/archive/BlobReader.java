package io.recordflow.sink.archive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Read access to originals in the content-addressed blob store by their claim-check {@code contentUri}. Only
 * {@code file:} URIs whose real path (symbolic links followed) lies under the configured root are served, so a
 * record cannot make the sink read arbitrary files. A claim-check with a fragment names a document embedded in a
 * stored container (an e-mail attachment, a zip entry): the fragment is the document's path inside the container.
 */
final class BlobReader {

    /** Where a claim-check points: a stored file and, for an embedded document, its path inside that file. */
    record Location(Path file, String embeddedPath) {
        boolean embedded() {
            return embeddedPath != null;
        }
    }

    private final Path root;

    BlobReader(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The stored file a claim-check points at, checked to lie under the root. */
    Location locate(String uri) throws BadRecordException, IOException {
        URI parsed = parse(uri);
        if (!"file".equals(parsed.getScheme())) {
            throw new BadRecordException("contentUri " + uri + " is not a file: URI; the archive reads the blob store "
                    + "from the local file system");
        }
        Path path;
        try {
            path = Path.of(new URI(parsed.getScheme(), parsed.getSchemeSpecificPart(), null));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new BadRecordException("contentUri " + uri + " does not name a local file: " + e.getMessage(), e);
        }
        return new Location(confine(uri, path), parsed.getFragment());
    }

    /** Opens a stored file; a missing blob is the record's fault, other I/O errors are the disk's. */
    InputStream open(String uri) throws BadRecordException, IOException {
        Location location = locate(uri);
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

    private static URI parse(String uri) throws BadRecordException {
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            throw new BadRecordException("contentUri is not a URI: " + uri, e);
        }
    }

    /** The real path of a blob, refused when it (or a link on the way) leads outside the root. */
    private Path confine(String uri, Path path) throws BadRecordException, IOException {
        Path normalized = path.toAbsolutePath().normalize();
        if (!normalized.startsWith(root)) {
            throw new BadRecordException("contentUri " + uri + " lies outside the blob store " + root);
        }
        try {
            Path real = normalized.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new BadRecordException(
                        "contentUri " + uri + " leads through a link to " + real + ", outside the blob store " + root);
            }
            return real;
        } catch (NoSuchFileException e) {
            throw new BadRecordException("Original " + uri + " is not in the blob store", e);
        }
    }
}

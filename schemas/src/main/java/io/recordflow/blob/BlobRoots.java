package io.recordflow.blob;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The blob store folders a deployment configures, and the one rule for following a URI found in a record: only a
 * {@code file:} URI whose real path (symbolic links followed) lies under one of the roots is served. A URI is data from
 * outside, so everything else is refused, and with no root configured every URI is (fail closed). A fragment names a
 * document embedded in a stored container (an e-mail attachment, a zip entry) and takes no part in the check.
 */
public final class BlobRoots {

    /** Where a URI points: a stored file and, for an embedded document, its path inside that file (or null). */
    public record Location(Path file, String embeddedPath) {
        public boolean embedded() {
            return embeddedPath != null;
        }
    }

    private final List<Path> roots;

    private BlobRoots(List<Path> roots) {
        this.roots = roots;
    }

    /** The given folders, made absolute and normalized. */
    public static BlobRoots of(Collection<Path> roots) {
        List<Path> normalized = new ArrayList<>();
        for (Path root : roots) {
            normalized.add(root.toAbsolutePath().normalize());
        }
        return new BlobRoots(List.copyOf(normalized));
    }

    public static BlobRoots of(Path root) {
        return of(List.of(root));
    }

    /** No root: every URI is refused. */
    public static BlobRoots none() {
        return new BlobRoots(List.of());
    }

    public boolean isEmpty() {
        return roots.isEmpty();
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * The real path of the stored file {@code uri} names, checked to lie under a root.
     *
     * @param field the record field the URI came from, for the message (e.g. {@code fullTextUri})
     * @throws RefusedUriException when the URI is no local file URI or leads outside every root
     * @throws java.nio.file.NoSuchFileException when it would lie under a root but does not exist
     */
    public Location locate(String field, String uri) throws RefusedUriException, IOException {
        if (roots.isEmpty()) {
            throw new RefusedUriException(field + " " + uri + " refused: no blob root is configured, so no file "
                    + "named by a record is read");
        }
        URI parsed = parse(field, uri);
        Path path;
        try {
            path = Path.of(new URI(parsed.getScheme(), parsed.getSchemeSpecificPart(), null));
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            throw new RefusedUriException(field + " " + uri + " does not name a local file: " + e.getMessage(), e);
        }
        return new Location(confine(field, uri, path), parsed.getFragment());
    }

    private static URI parse(String field, String uri) throws RefusedUriException {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new RefusedUriException(field + " is not a URI: " + uri, e);
        }
        if (!"file".equalsIgnoreCase(parsed.getScheme()) || parsed.isOpaque()) {
            throw new RefusedUriException(field + " " + uri + " is not an absolute file: URI; content is read only "
                    + "from the blob store on the local file system");
        }
        if (parsed.getRawAuthority() != null) {
            throw new RefusedUriException(field + " " + uri + " does not name a local file: it names a host ("
                    + parsed.getRawAuthority() + ")");
        }
        return parsed;
    }

    /** The real path, refused when it (or a link on the way) leads outside every root. */
    private Path confine(String field, String uri, Path path) throws RefusedUriException, IOException {
        Path normalized = path.toAbsolutePath().normalize();
        if (roots.stream().noneMatch(normalized::startsWith)) {
            throw new RefusedUriException(field + " " + uri + " lies outside the blob store " + describe());
        }
        Path real = normalized.toRealPath();
        for (Path root : roots) {
            if (normalized.startsWith(root) && real.startsWith(root.toRealPath())) {
                return real;
            }
        }
        throw new RefusedUriException(
                field + " " + uri + " leads through a link to " + real + ", outside the blob store " + describe());
    }

    /** The roots for messages: the one root, or the list. */
    public String describe() {
        return roots.size() == 1 ? roots.get(0).toString() : roots.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}

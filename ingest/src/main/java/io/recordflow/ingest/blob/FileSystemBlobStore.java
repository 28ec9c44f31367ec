package io.recordflow.ingest.blob;

import io.recordflow.ingest.identity.ContentDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Content-addressed blob store on a filesystem: {@code ROOT/sha256/ab/abcd...} for originals and
 * {@code ROOT/text/ab/abcd....txt} for full texts. Writes go to a temporary file first and are moved into place
 * atomically, so readers never see half a blob and concurrent writers of the same content agree. Content that is
 * already stored is not written again (for content up to {@link #IN_MEMORY_MAX} not even to a temporary file):
 * replacing an identical blob cost several times a first write (a new inode, the old one freed).
 */
public final class FileSystemBlobStore implements BlobStore {

    private final Path root;

    public FileSystemBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath().normalize();
        Files.createDirectories(this.root.resolve("tmp"));
    }

    /**
     * Content up to this size is hashed in memory first, so content already stored is not written again; larger
     * content is hashed while it is written to a temporary file. 8 MiB covers office documents and most scans while a
     * run holds at most this much per thread.
     */
    static final int IN_MEMORY_MAX = 8 << 20;

    @Override
    public StoredBlob put(InputStream content) throws IOException {
        MessageDigest digest = ContentDigest.sha256();
        HashedHead head = HashedHead.read(content, IN_MEMORY_MAX, digest);
        if (head.size() <= IN_MEMORY_MAX) {
            String sha256 = ContentDigest.hex(digest);
            Path target = addressed("sha256", sha256, "");
            if (!Files.isRegularFile(target)) {
                writeIntoPlace(head, target);
            }
            return new StoredBlob(target.toUri(), sha256, head.size(), target);
        }
        Path tmp = temporary("blob-");
        try {
            long size;
            try (OutputStream out =
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                head.writeTo(out);
                size = head.size() + content.transferTo(new DigestOutputStream(out, digest));
            }
            String sha256 = ContentDigest.hex(digest);
            Path target = addressed("sha256", sha256, "");
            if (!Files.isRegularFile(target)) {
                moveIntoPlace(tmp, target);
            }
            return new StoredBlob(target.toUri(), sha256, size, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void writeIntoPlace(HashedHead head, Path target) throws IOException {
        Path tmp = temporary("blob-");
        try {
            try (OutputStream out =
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                head.writeTo(out);
            }
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public URI putText(String originalSha256, CharSequence text) throws IOException {
        Path target = addressed("text", originalSha256, ".txt");
        if (!Files.exists(target)) {
            Path tmp = temporary("text-");
            try {
                try (Writer w = Files.newBufferedWriter(
                        tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    w.append(text);
                }
                moveIntoPlace(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return target.toUri();
    }

    @Override
    public InputStream open(URI uri) throws IOException {
        Path path = Path.of(uri).toAbsolutePath().normalize();
        if (!path.startsWith(root)) {
            throw new IOException("blob URI " + uri + " is outside the store " + root);
        }
        return Files.newInputStream(path);
    }

    /**
     * One fan-out level, as git's object store: 256 directories exist after the first few thousand blobs, where two
     * levels would create a directory or two for nearly every one of the first tens of thousands.
     */
    private Path addressed(String kind, String sha256, String suffix) {
        return root.resolve(kind).resolve(sha256.substring(0, 2)).resolve(sha256 + suffix);
    }

    /**
     * A fresh name in the store's tmp folder, created by the write itself ({@code CREATE_NEW}): createTempFile would
     * open the file once to create it and the write a second time, a cost that showed in the claim-check.
     */
    private Path temporary(String prefix) {
        return root.resolve("tmp").resolve(prefix + UUID.randomUUID() + ".part");
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        if (!Files.isDirectory(target.getParent())) {
            Files.createDirectories(target.getParent());
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // same content already stored by an earlier or concurrent ingest: content addressing makes it identical
        }
    }
}

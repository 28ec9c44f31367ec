package io.recordflow.sink.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/** File writes that reach the disk before they count: each file and directory is fsynced, renames are atomic. */
final class SyncedFiles {

    /** A written file's size and SHA-256. */
    record Written(long bytes, String sha256) {}

    private SyncedFiles() {}

    static Written write(Path file, String text) throws IOException {
        try (InputStream in = new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))) {
            return copy(in, file);
        }
    }

    /** Copies a stream into a new file, fsyncs it and returns its checksum. */
    static Written copy(InputStream source, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        MessageDigest digest = sha256();
        long bytes;
        try (FileChannel channel = FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                DigestInputStream in = new DigestInputStream(source, digest)) {
            OutputStream out = Channels.newOutputStream(channel);
            bytes = in.transferTo(out);
            channel.force(true);
        }
        return new Written(bytes, HexFormat.of().formatHex(digest.digest()));
    }

    /** SHA-256 of a file's content. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Makes a directory's entries (new files, renames) durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Atomically moves a finished directory into place and makes the move durable. */
    static void publish(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(to.getParent());
    }

    /** Deletes a directory tree (an abandoned, incomplete bag). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package io.recordflow.ingest.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest {

    @TempDir
    Path dir;

    @Test
    void shouldStoreContentUnderItsSha256AndStoreItOnceOnly() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(dir);
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        StoredBlob first = store.put(new ByteArrayInputStream(bytes));
        StoredBlob second = store.put(new ByteArrayInputStream(bytes));
        String sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        assertThat(first.sha256()).isEqualTo(sha);
        assertThat(first.sizeBytes()).isEqualTo(5);
        assertThat(second.uri()).isEqualTo(first.uri());
        assertThat(first.localPath()).endsWith(Path.of("sha256", "2c", sha));
        try (var in = store.open(first.uri())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp).as("no partial files left behind").isEmpty();
        }
    }

    @Test
    void shouldNotRewriteContentAlreadyStoredSmallOrLarge() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(dir);
        byte[] large = new byte[FileSystemBlobStore.IN_MEMORY_MAX + 4096];
        new Random(7).nextBytes(large);
        for (byte[] bytes : new byte[][] {"small".getBytes(StandardCharsets.UTF_8), large}) {
            StoredBlob first = store.put(new ByteArrayInputStream(bytes));
            Object inode = Files.readAttributes(first.localPath(), java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
            StoredBlob second = store.put(new ByteArrayInputStream(bytes));
            assertThat(second.sha256()).isEqualTo(ContentDigestHex.of(bytes));
            assertThat(second.sizeBytes()).isEqualTo(bytes.length);
            assertThat(Files.readAttributes(second.localPath(), java.nio.file.attribute.BasicFileAttributes.class)
                            .fileKey())
                    .as("same file, not replaced")
                    .isEqualTo(inode);
            assertThat(Files.readAllBytes(second.localPath())).isEqualTo(bytes);
        }
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp).as("no partial files left behind").isEmpty();
        }
    }

    /** Independent of the store's own hashing. */
    private static final class ContentDigestHex {
        static String of(byte[] bytes) throws Exception {
            return HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        }
    }

    @Test
    void shouldStoreFullTextBesideTheOriginal() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(dir);
        var uri = store.putText("ab".repeat(32), "full text");
        assertThat(Files.readString(Path.of(uri))).isEqualTo("full text");
    }

    @Test
    void shouldRefuseUrisOutsideTheStore() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(dir.resolve("store"));
        Path outside = Files.writeString(dir.resolve("elsewhere.txt"), "x");
        assertThatThrownBy(() -> store.open(outside.toUri()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("outside the store");
    }
}

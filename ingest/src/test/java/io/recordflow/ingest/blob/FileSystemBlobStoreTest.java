package io.recordflow.ingest.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(first.localPath()).endsWith(Path.of("sha256", "2c", "f2", sha));
        try (var in = store.open(first.uri())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp).as("no partial files left behind").isEmpty();
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
        assertThatThrownBy(() -> store.open(outside.toUri())).isInstanceOf(IOException.class)
                .hasMessageContaining("outside the store");
    }
}

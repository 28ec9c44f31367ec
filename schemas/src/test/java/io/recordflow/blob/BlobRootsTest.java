package io.recordflow.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobRootsTest {

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private BlobRoots roots;

    @BeforeEach
    void createStore() throws Exception {
        root = Files.createDirectories(temp.resolve("blobs"));
        outside = Files.writeString(temp.resolve("secret.txt"), "root:x:0:0");
        roots = BlobRoots.of(root);
    }

    @Test
    void shouldServeAFileUnderTheRootByItsRealPath() throws Exception {
        Path blob =
                Files.writeString(Files.createDirectories(root.resolve("ab")).resolve("abcd.txt"), "text");

        BlobRoots.Location location = roots.locate("fullTextUri", blob.toUri().toString());

        assertThat(location.file()).isEqualTo(blob.toRealPath());
        assertThat(location.embedded()).isFalse();
    }

    @Test
    void shouldRefuseEtcPasswdNamingTheUriAndTheRoot() {
        assertThatThrownBy(() -> roots.locate("fullTextUri", "file:///etc/passwd"))
                .isInstanceOf(RefusedUriException.class)
                .hasMessageContaining("fullTextUri file:///etc/passwd")
                .hasMessageContaining("outside the blob store " + root);
    }

    @Test
    void shouldRefuseDotDotTraversalOutOfTheRoot() {
        String uri = root.toUri() + "../secret.txt";

        assertThatThrownBy(() -> roots.locate("contentUri", uri))
                .isInstanceOf(RefusedUriException.class)
                .hasMessageContaining("outside the blob store");
    }

    @Test
    void shouldRefuseASymlinkInsideTheRootThatPointsOut() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("link.txt"), outside);

        assertThatThrownBy(() -> roots.locate("contentUri", link.toUri().toString()))
                .isInstanceOf(RefusedUriException.class)
                .hasMessageContaining("leads through a link to " + outside.toRealPath())
                .hasMessageContaining("outside the blob store");
    }

    @Test
    void shouldRefuseAFileUriNamingAHost() {
        assertThatThrownBy(() -> roots.locate("contentUri", "file://evil.example" + root.resolve("x.txt")))
                .isInstanceOf(RefusedUriException.class)
                .hasMessageContaining("names a host (evil.example)");
    }

    @Test
    void shouldConfineTheFileOfAUriWithAFragmentAndKeepTheEmbeddedPath() throws Exception {
        Path mail = Files.writeString(root.resolve("mail.eml"), "From: a");

        BlobRoots.Location inside = roots.locate("contentUri", mail.toUri() + "#attachments/a.pdf");

        assertThat(inside.file()).isEqualTo(mail.toRealPath());
        assertThat(inside.embeddedPath()).isEqualTo("attachments/a.pdf");
        assertThatThrownBy(() -> roots.locate("contentUri", outside.toUri() + "#" + root))
                .isInstanceOf(RefusedUriException.class)
                .hasMessageContaining("outside the blob store");
    }

    @Test
    void shouldRefuseOtherSchemesAndRelativeFileUris() {
        for (String uri : List.of("http://localhost/x", "file:secret.txt", "/etc/passwd", "s3://bucket/x")) {
            assertThatThrownBy(() -> roots.locate("contentUri", uri))
                    .as(uri)
                    .isInstanceOf(RefusedUriException.class)
                    .hasMessageContaining("is not an absolute file: URI");
        }
    }

    @Test
    void shouldRefuseEveryUriWhenNoRootIsConfigured() throws Exception {
        Path blob = Files.writeString(root.resolve("abcd.txt"), "text");

        assertThatThrownBy(() ->
                        BlobRoots.none().locate("fullTextUri", blob.toUri().toString()))
                .isInstanceOf(RefusedUriException.class)
                .hasMessageContaining("no blob root is configured");
    }

    @Test
    void shouldServeFilesUnderAnyOfSeveralRoots() throws Exception {
        Path second = Files.createDirectories(temp.resolve("more-blobs"));
        Path blob = Files.writeString(second.resolve("b.txt"), "text");
        BlobRoots both = BlobRoots.of(List.of(root, second));

        assertThat(both.locate("fullTextUri", blob.toUri().toString()).file()).isEqualTo(blob.toRealPath());
        assertThatThrownBy(() -> both.locate("fullTextUri", outside.toUri().toString()))
                .hasMessageContaining("outside the blob store [" + root + ", " + second + "]");
    }

    @Test
    void shouldReportAMissingBlobUnderTheRootAsMissing() {
        assertThatThrownBy(() -> roots.locate(
                        "fullTextUri", root.resolve("gone.txt").toUri().toString()))
                .isInstanceOf(NoSuchFileException.class);
    }
}

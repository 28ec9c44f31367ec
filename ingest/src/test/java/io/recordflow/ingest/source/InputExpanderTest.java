package io.recordflow.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.ingest.pipeline.InputFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputExpanderTest {

    @TempDir
    Path dir;

    final List<InputExpander.Rejected> rejected = new ArrayList<>();

    private List<String> names(List<InputFile> inputs) {
        return inputs.stream().map(InputFile::fileName).toList();
    }

    @Test
    void shouldWalkFoldersRecursivelyAndFilterByNameGlob() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/one.pdf"), "1");
        Files.writeString(dir.resolve("a/b/two.pdf"), "2");
        Files.writeString(dir.resolve("a/b/skip.txt"), "3");
        List<InputFile> inputs =
                new InputExpander("*.pdf", null, "stdin").expand(List.of(dir.toString()), rejected::add);
        assertThat(names(inputs)).containsExactly("two.pdf", "one.pdf");
        assertThat(rejected).isEmpty();
    }

    @Test
    void shouldExpandGlobPatternArguments() throws Exception {
        Files.createDirectories(dir.resolve("scans/2024"));
        Files.writeString(dir.resolve("scans/2024/page.tif"), "1");
        Files.writeString(dir.resolve("scans/2024/page.jpg"), "2");
        List<InputFile> inputs = new InputExpander(null, null, "stdin")
                .expand(List.of(dir + "/scans/**/*.tif", dir + "/nothing/*.doc"), rejected::add);
        assertThat(names(inputs)).containsExactly("page.tif");
        assertThat(rejected)
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("the pattern matches no file"));
    }

    @Test
    void shouldReadStandardInputForDash() throws Exception {
        List<InputFile> inputs = new InputExpander(
                        null, new ByteArrayInputStream("piped".getBytes(StandardCharsets.UTF_8)), "memo.txt")
                .expand(List.of("-"), rejected::add);
        assertThat(inputs).singleElement().satisfies(i -> {
            assertThat(i.sourceUri()).isEqualTo("stdin:memo.txt");
            assertThat(new String(i.opener().open().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("piped");
        });
    }

    @Test
    void shouldRejectFifoWithoutOpeningItAndMissingPaths() throws Exception {
        Path fifo = dir.resolve("pipe.pdf");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        List<InputFile> inputs = new InputExpander(null, null, "stdin")
                .expand(List.of(fifo.toString(), dir.resolve("missing.pdf").toString()), rejected::add);
        assertThat(inputs).isEmpty();
        assertThat(rejected)
                .extracting(InputExpander.Rejected::reason)
                .containsExactly("not a regular file (FIFO, socket, device or broken link)", "no such file or folder");
    }
}

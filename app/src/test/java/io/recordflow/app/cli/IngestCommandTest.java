package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.RecordFlow;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IngestCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = RecordFlow.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void shouldPrintRecordsAsJsonOnDryRunAndExitZero() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("in"));
        Files.writeString(folder.resolve("memo.txt"), "A memo about records retention.");
        Files.writeString(folder.resolve("notes.md"), "skipped by the glob");

        int code = run(
                "ingest",
                "--dry-run",
                "--isolation",
                "in-process",
                "--no-ocr",
                "--glob",
                "*.txt",
                "--agency",
                "Dept of Records",
                "--blob-root",
                dir.resolve("blobs").toString(),
                folder.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("{")
                        .contains("\"fileName\": \"memo.txt\"")
                        .contains("A memo about records retention.")
                        .contains("\"agency\": \"Dept of Records\""));
        assertThat(err.toString()).contains("ingested 1 files (1 records), 0 duplicates skipped, 0 failed");
    }

    @Test
    void shouldExitNonZeroAndNameEachFailedFile() throws Exception {
        Files.write(dir.resolve("empty.pdf"), new byte[0]);

        int code = run(
                "ingest",
                "--dry-run",
                "--isolation",
                "in-process",
                "--no-ocr",
                "--blob-root",
                dir.resolve("blobs").toString(),
                dir.resolve("empty.pdf").toString(),
                dir.resolve("missing.pdf").toString());

        assertThat(code).isEqualTo(ExitCode.PARTIAL_FAILURE);
        assertThat(err.toString())
                .contains("0 failed".replace("0", "2"))
                .contains("empty.pdf: file is empty (0 bytes)")
                .contains("missing.pdf: no such file or folder");
        assertThat(out.toString()).contains("deadLetter");
    }

    @Test
    void shouldStillAcceptTheDeprecatedBlobDirOption() throws Exception {
        Files.writeString(dir.resolve("memo.txt"), "A memo about records retention.");

        int code = run(
                "ingest",
                "--dry-run",
                "--isolation",
                "in-process",
                "--no-ocr",
                "--blob-dir",
                dir.resolve("old-blobs").toString(),
                dir.resolve("memo.txt").toString());

        assertThat(code).as(err.toString()).isZero();
        try (var stored = Files.walk(dir.resolve("old-blobs"))) {
            assertThat(stored.filter(Files::isRegularFile)).isNotEmpty();
        }
    }

    @Test
    void shouldDefaultTheBlobRootToRecordflowBlobsWithoutEitherEnvironmentVariable() {
        CommandLine ingest = RecordFlow.commandLine().getSubcommands().get("ingest");

        assertThat(ingest.getCommandSpec().findOption("--blob-root").defaultValue())
                .isEqualTo(System.getenv()
                        .getOrDefault(
                                "RECORDFLOW_BLOB_ROOT",
                                System.getenv().getOrDefault("RECORDFLOW_BLOB_DIR", "recordflow-blobs")));
    }

    @Test
    void shouldApplyAnIngestSettingGivenWithIngestSet() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("images"));
        ImageIO.write(
                new BufferedImage(1200, 1000, BufferedImage.TYPE_BYTE_BINARY),
                "png",
                folder.resolve("scan.png").toFile());

        int code = run(
                "ingest",
                "--dry-run",
                "--isolation",
                "in-process",
                "--no-ocr",
                "--ingest-set",
                "extract.image.max.pixels=1000000",
                "--blob-root",
                dir.resolve("blobs").toString(),
                folder.toString());

        assertThat(code).isNotZero();
        assertThat(err.toString())
                .contains("scan.png")
                .contains("exceeds extract.image.max.pixels = 1,000,000")
                .contains("ingested 0 files (0 records), 0 duplicates skipped, 1 failed");
    }

    @Test
    void shouldRefuseAnIngestSetKeyThatIsUnknownOrHasItsOwnOption() {
        for (String key : new String[] {"extract.no.such.key", "extract.isolation"}) {
            int code = run("ingest", "--dry-run", "--ingest-set", key + "=1", dir.toString());

            assertThat(code).isNotZero();
            assertThat(err.toString()).contains(key).contains("--ingest-set takes one of");
        }
    }
}

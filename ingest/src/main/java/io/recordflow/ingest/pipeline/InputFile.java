package io.recordflow.ingest.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One thing to ingest: a file or standard input, with the seam through which its bytes are read.
 *
 * @param sourceUri file URI or {@code stdin:NAME}
 * @param fileName original name
 * @param opener opens the bytes; failures (vanished, unreadable) surface here and fail only this input
 */
public record InputFile(String sourceUri, String fileName, Opener opener) {

    /** Opens the bytes of an input. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public static InputFile of(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return new InputFile(
                absolute.toUri().toString(),
                String.valueOf(absolute.getFileName()),
                () -> Files.newInputStream(absolute));
    }

    /** Standard input (or any stream read once), named for detection and provenance. */
    public static InputFile stream(String name, InputStream in) {
        return new InputFile("stdin:" + name, name, () -> in);
    }
}

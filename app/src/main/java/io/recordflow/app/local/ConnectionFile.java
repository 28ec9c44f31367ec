package io.recordflow.app.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The running local pipeline's addresses as a client properties file in the data folder, so operator commands can
 * reach its ephemeral ports with {@code --config}; removed again when the pipeline stops.
 */
public final class ConnectionFile implements AutoCloseable {

    /** Name of the file inside the data folder. */
    public static final String NAME = "cluster.properties";

    private final Path path;

    private ConnectionFile(Path path) {
        this.path = path;
    }

    /** Writes {@code settings} atomically (temporary file, then rename) to {@code dataDir}/cluster.properties. */
    public static ConnectionFile write(Path dataDir, Map<String, String> settings) {
        Path target = dataDir.resolve(NAME);
        Properties properties = new Properties();
        properties.putAll(new TreeMap<>(settings));
        try {
            Files.createDirectories(dataDir);
            Path temp = Files.createTempFile(dataDir, NAME, ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(
                        out, "recordflow run: addresses of the running local pipeline (removed when it stops)");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return new ConnectionFile(target);
    }

    /** Where the file is. */
    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }
}

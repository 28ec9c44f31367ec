package io.recordflow.app.console;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.config.ConfigSources;
import io.recordflow.app.local.LocalPipeline;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review console of {@code recordflow run --serve}: against the local pipeline, users in the data folder,
 * originals from its blob folder. The requested port falls back to a free one when busy: the local mode is for one
 * person's machine, where another console or tool may already hold the default port.
 */
public final class LocalConsole implements AutoCloseable {

    /** The users file, inside the data folder. */
    public static final String USERS_FILE = "console-users.txt";

    private static final Logger LOG = LoggerFactory.getLogger(LocalConsole.class);

    private final ReviewConsole console;

    private LocalConsole(ReviewConsole console) {
        this.console = console;
    }

    public static LocalConsole start(LocalPipeline pipeline, String bind, int port, PrintWriter err) {
        ClientConfig client = ConfigSources.load(pipeline.connectionFile(), Map.of(), Map.of());
        String users = pipeline.settings()
                .dataDir()
                .resolve(USERS_FILE)
                .toAbsolutePath()
                .toString();
        Map<String, String> settings = Map.of(
                ConsoleConfig.BIND, bind,
                ConsoleConfig.USERS_FILE, users,
                ConsoleConfig.BLOB_ROOTS,
                        pipeline.settings().blobDir().toAbsolutePath().toString());
        ReviewConsole console;
        try {
            console = ReviewConsole.start(client, config(settings, port));
        } catch (IllegalStateException busy) {
            LOG.warn("review console: port {} unavailable ({}); using a free port", port, busy.getMessage());
            console = ReviewConsole.start(client, config(settings, 0));
        }
        if (!Files.exists(Path.of(users))) {
            err.println("Review console: no users yet; add one with 'recordflow console add-user NAME --role reviewer "
                    + "--users-file " + users + "'");
        }
        return new LocalConsole(console);
    }

    private static ConsoleConfig config(Map<String, String> settings, int port) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put(ConsoleConfig.PORT, port);
        return new ConsoleConfig(all);
    }

    public String url() {
        return console.url();
    }

    @Override
    public void close() {
        console.close();
    }
}

package io.recordflow.enrich;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks an enrich application's local state folder as in use while the application runs, and wipes the local copy of
 * its global stores (the shared analysis cache, the human decisions) when the previous run did not stop cleanly.
 *
 * <p>Why: Kafka Streams 4.4 keeps a RocksDB store's open/closed status inside the store (KIP-1035). A process killed
 * (SIGKILL, out of memory, power loss) after a global store's first flush leaves it marked open; tasks' stores are then
 * treated as corrupted and restored, but the global stream thread fails at start ("Tasks [-1_-1] are corrupted ...
 * Invalid state during store open") and takes the instance to ERROR, on every restart. The global stores are read-only
 * copies of compacted topics, so wiping them loses nothing: Streams restores them from the topics.
 */
final class LocalStateClaim {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStateClaim.class);

    /** Present while an application runs from the folder; left behind by a run that did not stop cleanly. */
    static final String MARKER = "recordflow-enrich.running";
    /** Kafka Streams' lock file and global-state folder inside {@code <state.dir>/<application.id>}. */
    static final String STREAMS_LOCK = ".lock";

    static final String GLOBAL_STATE = "global";

    private final Path marker;

    private LocalStateClaim(Path marker) {
        this.marker = marker;
    }

    /**
     * Claims {@code appStateDir} ({@code <state.dir>/<application.id>}) before Kafka Streams opens it. Nothing is
     * wiped while another Streams instance holds the folder's lock: that instance is running, and Streams itself
     * refuses to share the folder.
     */
    static LocalStateClaim claim(Path appStateDir, String applicationId) {
        Path marker = appStateDir.resolve(MARKER);
        try {
            Files.createDirectories(appStateDir);
            try (FileChannel channel = FileChannel.open(
                            appStateDir.resolve(STREAMS_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = tryLock(channel)) {
                if (lock != null && Files.exists(marker)) {
                    wipeGlobalState(appStateDir, applicationId);
                }
                if (lock != null) {
                    Files.writeString(marker, ProcessHandle.current().pid() + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot claim the local state folder " + appStateDir + " of enrich application " + applicationId,
                    e);
        }
        return new LocalStateClaim(marker);
    }

    /** The lock, or null while another process or this one holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // a Streams instance in this JVM holds the folder
        }
    }

    private static void wipeGlobalState(Path appStateDir, String applicationId) throws IOException {
        Path global = appStateDir.resolve(GLOBAL_STATE);
        LOG.warn(
                "enrich application {}: the previous run from {} did not stop cleanly; wiping the local copy of its "
                        + "global stores ({}), which Streams restores from their topics",
                applicationId,
                appStateDir,
                global);
        Utils.delete(global.toFile());
    }

    /** After a clean stop: the stores are closed, so the next start need not wipe anything. */
    void release() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + marker + " after a clean stop", e);
        }
    }
}

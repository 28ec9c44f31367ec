package io.recordflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateClaimTest {

    @TempDir
    Path stateDir;

    private Path appDir() {
        return stateDir.resolve("recordflow-enrich");
    }

    /** The folders Streams leaves: the global stores' copy and one task's stores. */
    private void leaveState() throws Exception {
        Files.createDirectories(appDir().resolve("global/rocksdb/enrich-analysis-cache"));
        Files.writeString(appDir().resolve("global/rocksdb/enrich-analysis-cache/000001.sst"), "cache");
        Files.createDirectories(appDir().resolve("0_0/rocksdb/enrich-pending"));
    }

    @Test
    void shouldKeepTheGlobalStoresAfterACleanStop() throws Exception {
        leaveState();
        LocalStateClaim.claim(appDir(), "recordflow-enrich").release();

        LocalStateClaim.claim(appDir(), "recordflow-enrich");

        assertThat(appDir().resolve("global/rocksdb/enrich-analysis-cache/000001.sst"))
                .exists();
        assertThat(appDir().resolve(LocalStateClaim.MARKER)).exists();
    }

    @Test
    void shouldWipeOnlyTheGlobalStoresWhenThePreviousRunDidNotStopCleanly() throws Exception {
        leaveState();
        LocalStateClaim.claim(appDir(), "recordflow-enrich"); // never released: the process was killed

        LocalStateClaim.claim(appDir(), "recordflow-enrich");

        assertThat(appDir().resolve(LocalStateClaim.GLOBAL_STATE)).doesNotExist();
        assertThat(appDir().resolve("0_0/rocksdb/enrich-pending")).exists();
        assertThat(appDir().resolve(LocalStateClaim.MARKER)).exists();
    }

    @Test
    void shouldWipeNothingWhileAnotherInstanceHoldsTheFolder() throws Exception {
        leaveState();
        LocalStateClaim.claim(appDir(), "recordflow-enrich"); // the running instance's claim
        try (FileChannel channel = FileChannel.open(
                        appDir().resolve(LocalStateClaim.STREAMS_LOCK),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock streamsLock = channel.lock()) {

            LocalStateClaim.claim(appDir(), "recordflow-enrich");

            assertThat(streamsLock.isValid()).isTrue();
            assertThat(appDir().resolve("global/rocksdb/enrich-analysis-cache/000001.sst"))
                    .exists();
        }
    }

    @Test
    void shouldStartFromAnEmptyFolder() {
        LocalStateClaim.claim(appDir(), "recordflow-enrich");

        assertThat(appDir().resolve(LocalStateClaim.MARKER)).exists();
    }
}

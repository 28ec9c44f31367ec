package io.recordflow.sink.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.sink.connector.RecordsSinkConnector;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class RecordsArchiveSinkConnectorTest {

    private static ConfigValue value(Map<String, String> props, String name) {
        return new RecordsArchiveSinkConnector()
                .validate(props).configValues().stream()
                        .filter(v -> v.name().equals(name))
                        .findFirst()
                        .orElseThrow();
    }

    @Test
    void shouldRejectAnArchiveInsideTheBlobStore() {
        ConfigValue archive = value(
                Map.of(
                        ArchiveSinkConfig.ARCHIVE_DIR,
                        "/data/blobs/archive",
                        ArchiveSinkConfig.BLOB_ROOT,
                        "/data/blobs"),
                ArchiveSinkConfig.ARCHIVE_DIR);
        assertThat(archive.errorMessages()).singleElement().asString().contains("must not contain one another");
    }

    @Test
    void shouldRequireTheArchiveAndBlobDirectoriesAndGiveEachTaskItsOwnId() {
        assertThat(value(Map.of(), ArchiveSinkConfig.ARCHIVE_DIR).errorMessages())
                .isNotEmpty();
        assertThat(value(Map.of(), ArchiveSinkConfig.BLOB_ROOT).errorMessages()).isNotEmpty();

        RecordsArchiveSinkConnector connector = new RecordsArchiveSinkConnector();
        connector.start(Map.of(ArchiveSinkConfig.ARCHIVE_DIR, "/archive", ArchiveSinkConfig.BLOB_ROOT, "/blobs"));
        List<Map<String, String>> tasks = connector.taskConfigs(2);
        assertThat(tasks).extracting(t -> t.get(RecordsSinkConnector.TASK_ID)).containsExactly("task-0", "task-1");
        assertThat(tasks.get(1)).containsEntry(ArchiveSinkConfig.ARCHIVE_DIR, "/archive");
    }
}

package io.recordflow.sink.archive;

import io.recordflow.sink.delivery.RetrySettings;
import io.recordflow.sink.version.SinkVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink archiving {@code EnrichedRecord}s into transfer-ready BagIt 1.0 bags with the originals,
 * extracted text, enrichment JSON and a NARA Bulletin 2015-04 metadata CSV.
 */
public class RecordsArchiveSinkConnector extends SinkConnector {

  private Map<String, String> props;

  @Override
  public String version() {
    return SinkVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    new ArchiveSinkConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return RecordsArchiveSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> config = new HashMap<>(props);
      config.put(RecordsArchiveSinkTask.TASK_ID, "task-" + i);
      configs.add(config);
    }
    return configs;
  }

  @Override
  public void stop() {
    // Tasks own the bags; nothing to release here.
  }

  @Override
  public ConfigDef config() {
    return ArchiveSinkConfig.CONFIG_DEF;
  }

  /** Adds cross-field rules: the archive and the blob store must be separate trees. */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, ConfigValue> values = new HashMap<>();
    config.configValues().forEach(v -> values.put(v.name(), v));
    RetrySettings.validate(values);
    ConfigValue archive = values.get(ArchiveSinkConfig.ARCHIVE_DIR);
    ConfigValue blobs = values.get(ArchiveSinkConfig.BLOB_ROOT);
    if (archive.value() instanceof String a && blobs.value() instanceof String b && !a.isBlank() && !b.isBlank()) {
      Path archivePath = Path.of(a).toAbsolutePath().normalize();
      Path blobPath = Path.of(b).toAbsolutePath().normalize();
      if (archivePath.startsWith(blobPath) || blobPath.startsWith(archivePath)) {
        archive.addErrorMessage(ArchiveSinkConfig.ARCHIVE_DIR + " (" + archivePath + ") and "
            + ArchiveSinkConfig.BLOB_ROOT + " (" + blobPath + ") must not contain one another");
      }
    }
    return config;
  }
}

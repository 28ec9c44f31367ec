package io.recordflow.sink.archive;

import io.recordflow.sink.connector.RecordsSinkConnector;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;

/**
 * Kafka Connect sink archiving {@code EnrichedRecord}s into transfer-ready BagIt 1.0 bags with the originals,
 * extracted text, enrichment JSON and a NARA Bulletin 2015-04 metadata CSV.
 */
public class RecordsArchiveSinkConnector extends RecordsSinkConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return RecordsArchiveSinkTask.class;
  }

  @Override
  public ConfigDef config() {
    return ArchiveSinkConfig.CONFIG_DEF;
  }

  /** The archive and the blob store must be separate trees. */
  @Override
  protected void validateAcrossFields(Map<String, ConfigValue> values) {
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
  }
}

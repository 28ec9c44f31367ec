package io.recordflow.sink.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.records.EnrichedRecord;
import io.recordflow.registry.InMemorySchemaRegistryClient;
import io.recordflow.sink.archive.ArchiveSinkConfig;
import io.recordflow.sink.archive.RecordsArchiveSinkConnector;
import io.recordflow.sink.fixtures.BagItVerifier;
import io.recordflow.sink.fixtures.BlobStoreFixture;
import io.recordflow.sink.fixtures.ConnectCluster;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The archive sink in a real Connect worker on the in-process broker. */
class RecordsArchiveSinkConnectIT {

  private static final String REGISTRY_SCOPE = "archive-connect-it";

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  @TempDir
  Path work;

  @Test
  void shouldArchiveEveryRecordOnceInValidBagsAndDeadLetterAMissingOriginal() throws Exception {
    String topic = "enriched.archive";
    KAFKA.createTopic(topic, 2);
    BlobStoreFixture blobs = new BlobStoreFixture(work.resolve("blobs"));
    Path archive = work.resolve("archive");
    List<EnrichedRecord> records = new ArrayList<>();
    for (int n = 0; n < 200; n++) {
      records.add(blobs.stored(n));
    }
    EnrichedRecord missing = blobs.stored(500);
    missing.getRecord().setContentUri(blobs.root().resolve("sha256/gone").toUri().toString());
    records.add(100, missing);

    try (ConnectCluster cluster = new ConnectCluster(KAFKA, work, REGISTRY_SCOPE)) {
      cluster.produce(topic, records);
      Map<String, String> config = new HashMap<>(ConnectCluster.deadLetterQueue(topic));
      config.putAll(Map.of(
          "connector.class", RecordsArchiveSinkConnector.class.getName(),
          "topics", topic,
          "tasks.max", "2",
          ArchiveSinkConfig.ARCHIVE_DIR, archive.toString(),
          ArchiveSinkConfig.BLOB_ROOT, blobs.root().toString(),
          ArchiveSinkConfig.BAG_MAX_RECORDS, "25",
          ArchiveSinkConfig.BAG_MAX_AGE_MS, "1000"));
      cluster.startConnector("archive", config);
      cluster.awaitCaughtUp("archive", topic);

      List<String> ids = new ArrayList<>();
      for (Path bag : BagItVerifier.bags(archive)) {
        assertThat(BagItVerifier.problems(bag)).as(bag.toString()).isEmpty();
        ids.addAll(BagItVerifier.recordIds(bag));
      }
      assertThat(ids).hasSize(200).doesNotHaveDuplicates().doesNotContain("rec-500");

      List<ConsumerRecord<byte[], byte[]>> dead = cluster.readAll(topic + ".dlq", 1);
      assertThat(ConnectCluster.errorMessage(dead.get(0))).contains("rec-500").contains("is not in the blob store");
    } finally {
      InMemorySchemaRegistryClient.dropScope(REGISTRY_SCOPE);
    }
  }
}

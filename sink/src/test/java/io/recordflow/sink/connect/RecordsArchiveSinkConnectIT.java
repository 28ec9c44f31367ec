package io.recordflow.sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.records.EnrichedRecord;
import io.recordflow.sink.archive.ArchiveSinkConfig;
import io.recordflow.sink.archive.RecordsArchiveSinkConnector;
import io.recordflow.sink.fixtures.BagItVerifier;
import io.recordflow.sink.fixtures.BlobStoreFixture;
import io.recordflow.sink.fixtures.ConnectCluster;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
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

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

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
        missing.getRecord()
                .setContentUri(blobs.root().resolve("sha256/gone").toUri().toString());
        records.add(100, missing);

        try (ConnectCluster cluster = new ConnectCluster(KAFKA, work, REGISTRY.url())) {
            cluster.produce(topic, records);
            Map<String, String> config = new HashMap<>(ConnectCluster.deadLetterQueue(topic));
            config.putAll(Map.of(
                    "connector.class",
                    RecordsArchiveSinkConnector.class.getName(),
                    "topics",
                    topic,
                    "tasks.max",
                    "2",
                    ArchiveSinkConfig.ARCHIVE_DIR,
                    archive.toString(),
                    ArchiveSinkConfig.BLOB_ROOT,
                    blobs.root().toString(),
                    ArchiveSinkConfig.BAG_MAX_RECORDS,
                    "25",
                    ArchiveSinkConfig.BAG_MAX_AGE_MS,
                    "1000"));
            cluster.startConnector("archive", config);
            cluster.awaitCaughtUp("archive", topic);

            List<String> ids = new ArrayList<>();
            for (Path bag : BagItVerifier.bags(archive)) {
                assertThat(BagItVerifier.problems(bag)).as(bag.toString()).isEmpty();
                ids.addAll(BagItVerifier.recordIds(bag));
            }
            assertThat(ids).hasSize(200).doesNotHaveDuplicates().doesNotContain("rec-500");

            List<ConsumerRecord<byte[], byte[]>> dead = cluster.readAll(topic + ".dlq", 1);
            assertThat(ConnectCluster.errorMessage(dead.get(0)))
                    .contains("rec-500")
                    .contains("is not in the blob store");
        }
    }

    @Test
    void shouldArchiveOnlyCommittedEnrichmentsNeverThoseOfAnAbortedTransaction() throws Exception {
        String topic = "enriched.transactional";
        KAFKA.createTopic(topic, 1);
        BlobStoreFixture blobs = new BlobStoreFixture(work.resolve("blobs"));
        Path archive = work.resolve("archive");
        List<EnrichedRecord> committedBefore = new ArrayList<>();
        List<EnrichedRecord> aborted = new ArrayList<>();
        List<EnrichedRecord> committedAfter = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            committedBefore.add(blobs.stored(n));
            aborted.add(blobs.stored(100 + n));
            committedAfter.add(blobs.stored(200 + n));
        }

        try (ConnectCluster cluster = new ConnectCluster(KAFKA, work, REGISTRY.url())) {
            cluster.produceInTransaction(topic, committedBefore, true);
            cluster.produceInTransaction(topic, aborted, false);
            cluster.produceInTransaction(topic, committedAfter, true);
            cluster.startConnector(
                    "archive-tx",
                    Map.of(
                            "connector.class",
                            RecordsArchiveSinkConnector.class.getName(),
                            "topics",
                            topic,
                            ArchiveSinkConfig.ARCHIVE_DIR,
                            archive.toString(),
                            ArchiveSinkConfig.BLOB_ROOT,
                            blobs.root().toString(),
                            ArchiveSinkConfig.BAG_MAX_AGE_MS,
                            "500"));
            // The last committed batch follows the aborted one in the partition, and the task archives in order: once
            // it is archived, anything the sink read of the aborted batch would be archived too. (Committed offsets
            // cannot say "caught up" here: the last transaction marker is never a record a sink commits past.)
            List<String> ids = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ids.clear();
                for (Path bag : BagItVerifier.bags(archive)) {
                    ids.addAll(BagItVerifier.recordIds(bag));
                }
                return committedAfter.stream().allMatch(r -> ids.contains(r.getRecordId()));
            });
            assertThat(ids)
                    .hasSize(20)
                    .doesNotHaveDuplicates()
                    .noneMatch(
                            id -> aborted.stream().anyMatch(r -> r.getRecordId().equals(id)));
        }
    }
}

package io.recordflow.app.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the local mode needs to start: where its data lives, the enrich settings (provider, model, taxonomy ...) and
 * the optional PostgreSQL records store.
 *
 * @param dataDir    root of everything the local mode keeps between runs
 * @param enrich     {@code enrich.*} settings for the topology
 * @param jdbc       the JDBC sink's connection settings, when the records store is wanted
 */
public record LocalSettings(Path dataDir, Map<String, Object> enrich, Optional<Jdbc> jdbc) {

    /** Connection to the PostgreSQL records store. */
    public record Jdbc(String url, String user, String password, String schema) {}

    /** Broker storage. */
    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    /** Kafka Streams state (pending model calls; the local copy of the shared analysis cache). */
    public Path streamsDir() {
        return dataDir.resolve("streams");
    }

    /** Originals and full texts, content-addressed (the claim-check store). */
    public Path blobDir() {
        return dataDir.resolve("blobs");
    }

    /** Finished BagIt packages. */
    public Path archiveDir() {
        return dataDir.resolve("archive");
    }

    /** The Connect worker's offsets file. */
    public Path connectOffsets() {
        return dataDir.resolve("connect").resolve("offsets");
    }
}

package io.recordflow.app.status;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.kafka.TopicScan;
import io.recordflow.app.kafka.TopicSnapshotReader;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.EnrichmentVersion;
import io.recordflow.records.HumanProvenance;
import io.recordflow.serde.SpecificAvroSerde;
import io.recordflow.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The most recent model enrichment on records.enriched.v1, read from the tail of each partition. */
public final class LatestEnrichment {

    /** Offsets read from the end of each partition. */
    static final int TAIL = 50;

    private LatestEnrichment() {}

    /** The latest enrichment by a model (human decisions skipped), if any is in the tail. */
    public static Optional<EnrichedRecord> find(ClientConfig config, TopicScan.Reporter reporter) {
        List<EnrichedRecord> tail = new ArrayList<>();
        try (TopicSnapshotReader reader = new TopicSnapshotReader(config);
                SpecificAvroSerde<EnrichedRecord> serde = Topics.ENRICHED.valueSerde(config.serdeConfig())) {
            reader.readTail(
                    Topics.ENRICHED.name(),
                    TAIL,
                    serde.deserializer(),
                    (raw, value) -> {
                        if (value != null) {
                            tail.add(value);
                        }
                    },
                    reporter::undecodable);
        }
        return tail.stream().filter(r -> !HumanProvenance.isHumanDecision(r)).max(EnrichmentVersion.LATEST_LAST);
    }
}

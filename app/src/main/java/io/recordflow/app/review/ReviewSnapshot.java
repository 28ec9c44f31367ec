package io.recordflow.app.review;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.kafka.TopicScan;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.HumanProvenance;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The review state and the categories models chose, as read from records.review.v1 and records.enriched.v1. */
public record ReviewSnapshot(ReviewQueue queue, CategoryCatalog catalog) {

    /** Reads both topics whole, reporting progress and undecodable records to {@code reporter}. */
    public static ReviewSnapshot read(ClientConfig config, TopicScan.Reporter reporter) {
        try (TopicScan scan = new TopicScan(config, reporter)) {
            List<EnrichedRecord> review = values(scan, Topics.REVIEW);
            List<EnrichedRecord> enriched = values(scan, Topics.ENRICHED);
            // Categories a model chose come from the taxonomy; a human's unchecked code must not vouch for itself.
            List<EnrichedRecord> modelOutput = Stream.concat(review.stream(), enriched.stream())
                    .filter(r -> !HumanProvenance.isHumanDecision(r))
                    .toList();
            return new ReviewSnapshot(new ReviewQueue(review, enriched), new CategoryCatalog(modelOutput));
        }
    }

    private static List<EnrichedRecord> values(TopicScan scan, Topic<String, EnrichedRecord> topic) {
        return scan.readAll(topic).stream()
                .map(TopicScan.Entry::value)
                .filter(Objects::nonNull)
                .toList();
    }
}

package io.recordflow.app.review;

import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.EnrichmentVersion;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The review state of records, from everything written to records.review.v1 and records.enriched.v1: a record is
 * open while the latest enrichment of it (by {@link EnrichmentVersion}'s rule) still needs review. A human decision or a
 * later confident model enrichment closes it.
 */
public final class ReviewQueue {

    private final Map<String, EnrichedRecord> reviewed = new LinkedHashMap<>();
    private final Map<String, EnrichedRecord> latest = new HashMap<>();

    /** Builds the state; both collections in topic order. */
    public ReviewQueue(Collection<EnrichedRecord> reviewTopic, Collection<EnrichedRecord> enrichedTopic) {
        for (EnrichedRecord r : reviewTopic) {
            reviewed.put(r.getRecordId(), r);
            offer(r);
        }
        enrichedTopic.forEach(this::offer);
    }

    // On a tie the record seen first wins: the review topic's copy of an enrichment is offered before the
    // enriched topic's identical one.
    private void offer(EnrichedRecord r) {
        latest.merge(r.getRecordId(), r, EnrichmentVersion::latest);
    }

    /** Records sent to review whose latest enrichment still needs review, oldest first. */
    public List<EnrichedRecord> open() {
        return reviewed.keySet().stream()
                .map(latest::get)
                .filter(EnrichedRecord::getNeedsReview)
                .sorted(Comparator.comparing(EnrichedRecord::getEnrichedAt))
                .toList();
    }

    /** The latest enrichment of every record on either topic, in no particular order. */
    public Collection<EnrichedRecord> latestOfEach() {
        return List.copyOf(latest.values());
    }

    /** The latest enrichment of {@code recordId} on either topic. */
    public Optional<EnrichedRecord> latest(String recordId) {
        return Optional.ofNullable(latest.get(recordId));
    }
}

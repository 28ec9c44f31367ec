package io.recordflow.app.console;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.kafka.TopicScan;
import io.recordflow.app.review.HumanDecision;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.HumanProvenance;
import io.recordflow.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the pipeline did over the last hours, per minute, for the status page's charts: records ingested, enriched by a model, decided by a reviewer (audit events) and dead-lettered;
 * and how the latest enrichment of every record is distributed over categories.
 */
public record PipelineActivity(
        Instant start,
        int minutes,
        long[] ingested,
        long[] enriched,
        long[] decided,
        long[] deadLettered,
        Map<String, Integer> categories) {

    /** Reads the topics and counts what happened in the {@code window} before {@code now}. */
    public static PipelineActivity read(
            ClientConfig config, TopicScan.Reporter reporter, Instant now, Duration window) {
        int minutes = (int) window.toMinutes();
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant start = end.minus(minutes, ChronoUnit.MINUTES);
        try (TopicScan scan = new TopicScan(config, reporter)) {
            long[] ingested = bins(values(scan.readAll(Topics.INGESTED)), AgencyRecord::getIngestedAt, start, minutes);
            List<EnrichedRecord> enrichments = values(scan.readAll(Topics.ENRICHED));
            long[] enriched = bins(
                    enrichments.stream()
                            .filter(r -> !HumanProvenance.isHumanDecision(r))
                            .toList(),
                    EnrichedRecord::getEnrichedAt,
                    start,
                    minutes);
            long[] decided = bins(
                    values(scan.readAll(Topics.AUDIT)).stream()
                            .filter(e -> HumanDecision.AUDIT_STEP.equals(e.getStep()))
                            .toList(),
                    AuditEvent::getOccurredAt,
                    start,
                    minutes);
            long[] deadLettered = bins(values(scan.readAll(Topics.DLQ)), DeadLetter::getFailedAt, start, minutes);
            Map<String, EnrichedRecord> latest = new HashMap<>();
            enrichments.forEach(r -> latest.put(r.getRecordId(), r));
            Map<String, Integer> categories = new TreeMap<>();
            latest.values().forEach(r -> categories.merge(r.getClassification().getCode(), 1, Integer::sum));
            return new PipelineActivity(start, minutes, ingested, enriched, decided, deadLettered, categories);
        }
    }

    private static <V> List<V> values(List<TopicScan.Entry<V>> entries) {
        return entries.stream()
                .map(TopicScan.Entry::value)
                .filter(Objects::nonNull)
                .toList();
    }

    private static <V> long[] bins(List<V> values, Function<V, Instant> time, Instant start, int minutes) {
        long[] counts = new long[minutes];
        values.forEach(v -> count(counts, start, time.apply(v)));
        return counts;
    }

    private static void count(long[] counts, Instant start, Instant at) {
        if (at == null) {
            return;
        }
        long minute = Duration.between(start, at).toMinutes();
        if (!at.isBefore(start) && minute < counts.length) {
            counts[(int) minute]++;
        }
    }

    /** The sum of a series. */
    public static long total(long[] series) {
        long sum = 0;
        for (long n : series) {
            sum += n;
        }
        return sum;
    }
}

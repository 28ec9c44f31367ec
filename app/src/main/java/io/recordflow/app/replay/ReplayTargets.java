package io.recordflow.app.replay;

import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.topics.Topics;
import java.util.List;
import java.util.Map;

/**
 * Where a replay writes. In place: the production topics, with human decisions kept. Into a side topic T: T for
 * enrichments and T.review, T.dlq, T.audit for the rest, with pure model output, so nothing reaches the production
 * topics (and the sinks, review queue and redrive commands never see a comparison run).
 */
public record ReplayTargets(String enriched, String review, String dlq, String audit, boolean sideTopic) {

    public static ReplayTargets inPlace() {
        return new ReplayTargets(
                Topics.ENRICHED.name(), Topics.REVIEW.name(), Topics.DLQ.name(), Topics.AUDIT.name(), false);
    }

    public static ReplayTargets side(String topic) {
        if (Topics.all().stream().anyMatch(t -> t.name().equals(topic))) {
            throw new IllegalArgumentException(
                    "--to-topic " + topic + " is a production topic; leave --to-topic out to " + "replay in place");
        }
        return new ReplayTargets(topic, topic + ".review", topic + ".dlq", topic + ".audit", true);
    }

    public List<String> all() {
        return List.of(enriched, review, dlq, audit);
    }

    /** The enrich settings that route the topology's output here. */
    public Map<String, Object> enrichSettings() {
        return Map.of(
                EnrichConfig.OUTPUT_TOPIC,
                enriched,
                EnrichConfig.REVIEW_TOPIC,
                review,
                EnrichConfig.DLQ_TOPIC,
                dlq,
                EnrichConfig.AUDIT_TOPIC,
                audit,
                EnrichConfig.HUMAN_PRECEDENCE,
                !sideTopic);
    }
}

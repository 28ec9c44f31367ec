package io.recordflow.app.cli.review;

import io.recordflow.app.cli.ScanReporter;
import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.kafka.TopicScan;
import io.recordflow.app.review.CategoryCatalog;
import io.recordflow.app.review.ReviewQueue;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.HumanProvenance;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code recordflow review}: the human review queue and human category decisions. */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = "List records awaiting human review and record human category decisions.",
        subcommands = {ReviewListCommand.class, ReviewDecideCommand.class})
public final class ReviewCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }

    /** The review state and the categories seen, from records.review.v1 and records.enriched.v1. */
    public record ReviewData(ReviewQueue queue, CategoryCatalog catalog) {
    }

    public static ReviewData read(ClientConfig config, ScanReporter reporter) {
        try (TopicScan scan = new TopicScan(config, reporter)) {
            List<EnrichedRecord> review = values(scan, Topics.REVIEW);
            List<EnrichedRecord> enriched = values(scan, Topics.ENRICHED);
            // Categories a model chose come from the taxonomy; a human's unchecked code must not vouch for itself.
            List<EnrichedRecord> modelOutput = Stream.concat(review.stream(), enriched.stream())
                    .filter(r -> !HumanProvenance.isHumanDecision(r)).toList();
            return new ReviewData(new ReviewQueue(review, enriched), new CategoryCatalog(modelOutput));
        }
    }

    private static List<EnrichedRecord> values(TopicScan scan, Topic<String, EnrichedRecord> topic) {
        return scan.readAll(topic).stream().map(TopicScan.Entry::value).filter(Objects::nonNull).toList();
    }
}

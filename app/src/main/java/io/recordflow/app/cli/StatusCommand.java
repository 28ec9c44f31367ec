package io.recordflow.app.cli;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.review.ReviewQueue;
import io.recordflow.app.review.ReviewSnapshot;
import io.recordflow.app.status.ClusterStatus;
import io.recordflow.app.status.ClusterStatus.GroupLag;
import io.recordflow.app.status.ClusterStatus.TopicInfo;
import io.recordflow.app.status.EnrichMetricsProbe;
import io.recordflow.app.status.LatestEnrichment;
import io.recordflow.app.status.RegistryStatus;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Provenance;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code recordflow status}: topics, lag per stage, in-flight model calls, review and DLQ counts, model in use. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Show the pipeline's topics, consumer lag per stage, review and dead-letter counts and the model in use.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ClientConfig config = cluster.clientConfig();
        Map<String, String> settings = config.masked();
        out.println("Cluster: " + settings.get(ClientConfig.BOOTSTRAP_SERVERS) + " ("
                + settings.get(ClientConfig.SECURITY_PROTOCOL) + "), registry "
                + settings.get(ClientConfig.SCHEMA_REGISTRY_URL));
        List<TopicInfo> topics;
        List<GroupLag> lags;
        try (ClusterStatus status = new ClusterStatus(config)) {
            List<String> names =
                    new ArrayList<>(Topics.all().stream().map(Topic::name).toList());
            names.add(RegistryStatus.SCHEMAS_TOPIC);
            topics = status.topics(names);
            lags = status.lag();
        }
        RegistryStatus registry = RegistryStatus.probe(config);
        out.println();
        TextTable topicTable = new TextTable("TOPIC", "PARTITIONS", "END OFFSETS", "RETAINED");
        registry.shownTopics(topics)
                .forEach(t -> topicTable.row(
                        t.name(),
                        t.exists() ? t.partitions() : "missing",
                        t.exists() ? t.endOffsets() : null,
                        t.exists() ? t.retained() : null));
        topicTable.print(out);
        out.println();
        printLag(out, lags);
        out.println();
        printCounts(out, config, topics);
        out.println("Schema registry:     " + registry.describe(topics));
        out.flush();
        return ExitCode.OK;
    }

    private static void printLag(PrintWriter out, List<GroupLag> lags) {
        if (lags.isEmpty()) {
            out.println("Consumer lag: no consumer group has committed offsets on records.* topics");
            return;
        }
        TextTable lagTable = new TextTable("GROUP", "STAGE", "TOPIC", "PARTITIONS", "LAG");
        lags.forEach(l -> lagTable.row(l.group(), l.stage(), l.topic(), l.partitions(), l.lag()));
        lagTable.print(out);
    }

    private void printCounts(PrintWriter out, ClientConfig config, List<TopicInfo> topics) {
        ScanReporter reporter = new ScanReporter(spec.commandLine().getErr());
        boolean reviewTopics = exists(topics, Topics.REVIEW) && exists(topics, Topics.ENRICHED);
        if (reviewTopics) {
            ReviewQueue queue = ReviewSnapshot.read(config, reporter).queue();
            out.println("Awaiting review:     " + queue.open().size() + " record(s)");
        } else {
            out.println("Awaiting review:     n/a (" + Topics.REVIEW.name() + " or " + Topics.ENRICHED.name()
                    + " missing)");
        }
        topics.stream()
                .filter(t -> t.name().equals(Topics.DLQ.name()))
                .findFirst()
                .ifPresent(t -> out.println("Dead letters:        "
                        + (t.exists() ? t.retained() + " on " + t.name() : "n/a (" + t.name() + " missing)")));
        if (exists(topics, Topics.ENRICHED)) {
            Optional<EnrichedRecord> latest = LatestEnrichment.find(config, reporter);
            out.println("Model in use:        "
                    + latest.map(StatusCommand::model)
                            .orElse("n/a (no model enrichment in the tail of " + Topics.ENRICHED.name() + ")"));
        } else {
            out.println("Model in use:        n/a (" + Topics.ENRICHED.name() + " missing)");
        }
        EnrichMetricsProbe.Result calls = EnrichMetricsProbe.probe(config.enrichMetricsUrl());
        out.println("In-flight LLM calls: " + calls.describe());
        out.println("LLM call limit:      " + calls.describeLimit());
    }

    private static String model(EnrichedRecord r) {
        Provenance p = r.getProvenance();
        return p.getProvider() + " " + p.getModel() + (p.getModelDigest() == null ? "" : " @" + p.getModelDigest())
                + ", prompt " + p.getPromptVersion() + " (latest enrichment " + r.getEnrichedAt() + ")";
    }

    private static boolean exists(List<TopicInfo> topics, Topic<?, ?> topic) {
        return topics.stream().anyMatch(t -> t.name().equals(topic.name()) && t.exists());
    }
}

package io.recordflow.app.cli;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.replay.ReplayRange;
import io.recordflow.app.replay.ReplayRun;
import io.recordflow.app.replay.ReplayScan;
import io.recordflow.app.replay.ReplayStart;
import io.recordflow.app.replay.ReplayTargets;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.records.AgencyRecord;
import io.recordflow.serde.SpecificAvroSerde;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recordflow replay}: re-enriches a range of records.ingested.v1 with a fresh Streams application, in place
 * (human decisions kept) or into a side topic for {@code recordflow diff}.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Re-enrich a range of records.ingested.v1 with a fresh enrich application: in place, or into a "
                + "side topic to compare with 'recordflow diff'.")
public final class ReplayCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayCommand.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "earliest|OFFSET|TIMESTAMP",
            converter = StartConverter.class,
            description = "First record: 'earliest', an offset (on every partition) or an ISO-8601 timestamp "
                    + "(first record at or after it, e.g. 2026-05-01T10:00:00Z).")
    private ReplayStart from;

    @Option(
            names = "--until",
            paramLabel = "TIMESTAMP",
            converter = InstantConverter.class,
            description = "End (exclusive): records at or after this time are not replayed. Default: the end of "
                    + "each partition when the replay starts.")
    private Instant until;

    @Mixin
    private ModelOptions modelOptions;

    @Option(
            names = "--to-topic",
            paramLabel = "T",
            description =
                    "Write enrichments to T (review, dead letters and audit to T.review, T.dlq, T.audit), created "
                            + "with the input's partitions when missing; production topics are left alone and the output is "
                            + "pure model output. Without it the replay writes in place and human decisions are kept.")
    private String toTopic;

    @Option(names = "--dry-run", description = "Show the range and the first records; process nothing.")
    private boolean dryRun;

    @Option(
            names = "--preview",
            paramLabel = "N",
            defaultValue = "10",
            description = "Records listed by --dry-run (default ${DEFAULT-VALUE}).")
    private int previewLimit;

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            description =
                    "Streams application id and consumer group (default recordflow-replay-<UTC time>); must be new.")
    private String applicationId;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Streams state of the replay (default: a temporary folder, deleted afterwards).")
    private Path stateDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClientConfig client = cluster.clientConfig();
        ReplayTargets targets = toTopic == null ? ReplayTargets.inPlace() : ReplayTargets.side(toTopic);
        ModelOptions.Resolved model = modelOptions.resolve(Map.of(), System.getenv());
        err.println(model.choice().announcement());
        Map<String, Object> settings = model.settings();
        EnrichConfig config = new EnrichConfig(settings);

        ReplayRange range;
        ReplayScan.Result scan;
        try (Admin admin = Admin.create(client.kafkaProperties());
                SpecificAvroSerde<AgencyRecord> serde = Topics.INGESTED.valueSerde(client.serdeConfig())) {
            range = ReplayRange.resolve(admin, Topics.INGESTED.name(), from, until);
            scan = ReplayScan.scan(
                    client,
                    range,
                    dryRun ? previewLimit : 0,
                    serde.deserializer(),
                    Progress.of(err, "scanning " + Topics.INGESTED.name()));
            printRange(out, range, scan, targets, config);
            if (dryRun) {
                printPreview(out, scan);
                out.println("Dry run: nothing was processed.");
                out.flush();
                return ExitCode.OK;
            }
            if (targets.sideTopic()) {
                createSideTopics(admin, targets, range.partitions().size(), out);
            }
        }
        if (scan.total() == 0) {
            out.println("Nothing to replay.");
            out.flush();
            return ExitCode.OK;
        }

        String id = applicationId != null ? applicationId : "recordflow-replay-" + ID_TIME.format(Instant.now());
        boolean temporary = stateDir == null;
        Path state = temporary ? Files.createTempDirectory("recordflow-replay-") : stateDir;
        out.println("Replay application id: " + id + " (state in " + state + ")");
        out.flush();
        ReplayRun.Summary summary;
        try {
            summary = new ReplayRun(client, id, state, targets).run(settings, range, scan, progress(err, scan.total()));
        } finally {
            if (temporary) {
                deleteQuietly(state);
            }
        }
        printSummary(out, summary, targets);
        out.flush();
        return summary.deadLettered() > 0 ? ExitCode.PARTIAL_FAILURE : ExitCode.OK;
    }

    private static void printRange(
            PrintWriter out, ReplayRange range, ReplayScan.Result scan, ReplayTargets targets, EnrichConfig config) {
        TextTable table = new TextTable("PARTITION", "FROM OFFSET", "TO OFFSET (EXCL.)", "RECORDS");
        range.partitions()
                .forEach((p, span) ->
                        table.row(p, span.start(), span.end(), scan.counts().get(p)));
        out.println("Replay range of " + range.topic() + ":");
        table.print(out);
        out.println(scan.total() + " record(s) to re-enrich with provider " + config.provider() + ", model "
                + config.model()
                + ", prompt version " + config.promptVersion("(the analyzer's own)") + ", "
                + (targets.sideTopic()
                        ? "into side topics " + String.join(", ", targets.all()) + " (pure model output)"
                        : "in place to " + String.join(", ", targets.all()) + " (human decisions kept)"));
    }

    private static void printPreview(PrintWriter out, ReplayScan.Result scan) {
        if (scan.preview().isEmpty()) {
            return;
        }
        out.println("First " + scan.preview().size() + " record(s):");
        TextTable table = new TextTable("PARTITION", "OFFSET", "RECORD ID", "FILE NAME");
        scan.preview().forEach(p -> table.row(p.partition(), p.offset(), p.recordId(), p.fileName()));
        table.print(out);
    }

    private static void createSideTopics(Admin admin, ReplayTargets targets, int partitions, PrintWriter out)
            throws InterruptedException {
        for (String topic : targets.all()) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                        .all()
                        .get();
                out.println("Created topic " + topic + " with " + partitions + " partition(s)");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new KafkaException(
                            "cannot create " + topic + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }

    private static ReplayRun.Listener progress(PrintWriter err, long total) {
        Progress progress = Progress.of(err, "replayed");
        return (enriched, deadLettered, all) -> progress.update(Math.min(all, enriched + deadLettered), total);
    }

    private static void printSummary(PrintWriter out, ReplayRun.Summary s, ReplayTargets targets) {
        out.printf(
                Locale.ROOT,
                "Replayed %d record(s) in %.1f s: %d enriched to %s, %d to review (%s), %d dead-lettered (%s), "
                        + "%d audit event(s); %d model call(s)%n",
                s.records(),
                s.elapsed().toMillis() / 1000.0,
                s.enriched(),
                targets.enriched(),
                s.review(),
                targets.review(),
                s.deadLettered(),
                targets.dlq(),
                s.auditEvents(),
                s.modelCalls());
        if (targets.sideTopic()) {
            out.println("Compare: recordflow diff --left " + Topics.ENRICHED.name() + " --right " + targets.enriched());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete replay state {}: {}", dir, e.getMessage());
        }
    }

    /** Parses --from. */
    static final class StartConverter implements ITypeConverter<ReplayStart> {
        @Override
        public ReplayStart convert(String value) {
            return ReplayStart.parse(value);
        }
    }

    /** Parses --until. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return ReplayStart.parseInstant(value);
        }
    }
}

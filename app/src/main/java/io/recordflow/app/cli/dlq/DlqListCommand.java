package io.recordflow.app.cli.dlq;

import io.recordflow.app.cli.ClusterOptions;
import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.cli.ScanReporter;
import io.recordflow.app.cli.TextTable;
import io.recordflow.app.dlq.DeadLetterFilter;
import io.recordflow.app.dlq.DeadLetterReader;
import io.recordflow.app.dlq.Redrivability;
import io.recordflow.app.kafka.TopicScan.Entry;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recordflow dlq list}: one line per dead letter with its stage, source, reason and whether it can be (or was) redriven. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List dead letters, oldest first.")
public final class DlqListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(
            names = "--filter",
            paramLabel = "KEY=VALUE",
            converter = DlqCommand.FilterConverter.class,
            description = "stage=INGEST|ENRICH|SINK|REPLAY|OTHER, errorClass=TEXT, topic=SOURCE_TOPIC, recordId=ID, "
                    + "since=INSTANT|DATE|DURATION (24h, 7d, PT6H). Repeat to combine (all must match).")
    private List<DeadLetterFilter> filters = new ArrayList<>();

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "Show at most N dead letters, the most recent ones (default ${DEFAULT-VALUE}; 0 = all).")
    private int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ScanReporter reporter = new ScanReporter(spec.commandLine().getErr());
        List<Entry<DeadLetter>> matching = DeadLetterReader.read(cluster.clientConfig(), reporter, filters);
        Map<String, AuditEvent> redrives = DeadLetterReader.redrives(cluster.clientConfig(), reporter);
        List<Entry<DeadLetter>> shown = limit > 0 && matching.size() > limit
                ? matching.subList(matching.size() - limit, matching.size())
                : matching;
        TextTable table = new TextTable("ID", "STAGE", "FAILED AT", "SOURCE", "ERROR", "REDRIVE");
        for (Entry<DeadLetter> entry : shown) {
            DeadLetter d = entry.value();
            table.row(
                    d.getId(),
                    d.getStage(),
                    d.getFailedAt(),
                    source(d),
                    TextTable.abbreviate(simpleName(d.getErrorClass()) + ": " + d.getErrorMessage(), 80),
                    Optional.ofNullable(redrives.get(d.getId()))
                            .map(DlqCommand::describeRedrive)
                            .or(() -> Redrivability.reasonNotRedrivable(d).map(reason -> "no: " + reason))
                            .orElse("yes"));
        }
        table.print(out);
        out.println(matching.size() + " dead letter(s) match" + (filters.isEmpty() ? "" : " " + filters)
                + (shown.size() < matching.size() ? ", showing the last " + shown.size() + " (--limit)" : ""));
        out.flush();
        return ExitCode.OK;
    }

    /** Where the failed input came from: topic-partition@offset, else the source URI. */
    static String source(DeadLetter d) {
        if (d.getSourceTopic() != null) {
            return d.getSourceTopic()
                    + (d.getSourcePartition() == null ? "" : "-" + d.getSourcePartition())
                    + (d.getSourceOffset() == null ? "" : "@" + d.getSourceOffset());
        }
        return d.getSourceUri();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}

package io.recordflow.app.cli.review;

import io.recordflow.app.cli.ClusterOptions;
import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.cli.ScanReporter;
import io.recordflow.app.cli.TextTable;
import io.recordflow.app.review.ReviewSnapshot;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.EnrichedRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recordflow review list}: records sent to review that no later decision or enrichment has closed. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List records awaiting human review, oldest first.")
public final class ReviewListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "Show at most N records, the oldest (default ${DEFAULT-VALUE}; 0 = all).")
    private int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<EnrichedRecord> open = ReviewSnapshot.read(
                        cluster.clientConfig(),
                        new ScanReporter(spec.commandLine().getErr()))
                .queue()
                .open();
        List<EnrichedRecord> shown = limit > 0 && open.size() > limit ? open.subList(0, limit) : open;
        TextTable table =
                new TextTable("RECORD ID", "CATEGORY", "CONFIDENCE", "REASONS", "ENRICHED AT", "MODEL", "TITLE");
        for (EnrichedRecord r : shown) {
            table.row(
                    r.getRecordId(),
                    r.getClassification().getCode(),
                    String.format(Locale.ROOT, "%.2f", r.getClassification().getConfidence()),
                    r.getReviewReasons().stream().map(Enum::name).collect(Collectors.joining(",")),
                    r.getEnrichedAt(),
                    r.getProvenance().getProvider() + "/" + r.getProvenance().getModel(),
                    TextTable.abbreviate(title(r.getRecord()), 60));
        }
        table.print(out);
        out.println(open.size() + " record(s) awaiting review"
                + (shown.size() < open.size() ? ", showing the oldest " + shown.size() + " (--limit)" : ""));
        out.flush();
        return ExitCode.OK;
    }

    private static String title(AgencyRecord record) {
        return record.getTitle() != null
                ? record.getTitle()
                : record.getFileName() != null ? record.getFileName() : record.getSourceUri();
    }
}

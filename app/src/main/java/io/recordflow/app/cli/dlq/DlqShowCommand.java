package io.recordflow.app.cli.dlq;

import io.recordflow.app.cli.ClusterOptions;
import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.cli.OneLine;
import io.recordflow.app.cli.ScanReporter;
import io.recordflow.app.dlq.BytesPreview;
import io.recordflow.app.dlq.DeadLetterReader;
import io.recordflow.app.dlq.Redrivability;
import io.recordflow.app.kafka.TopicScan.Entry;
import io.recordflow.records.DeadLetter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recordflow dlq show ID}: every field of one dead letter, the original key and value as previews. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one dead letter in full.")
public final class DlqShowCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Parameters(paramLabel = "ID", description = "The dead letter's id (first column of 'dlq list').")
    private String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Entry<DeadLetter>> found =
                DeadLetterReader.read(
                                cluster.clientConfig(),
                                new ScanReporter(spec.commandLine().getErr()),
                                List.of())
                        .stream()
                        .filter(e -> id.equals(e.value().getId()))
                        .toList();
        if (found.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("recordflow dlq show: no dead letter with id " + id + " on records.dlq.v1");
            return ExitCode.DATA_ERROR;
        }
        Entry<DeadLetter> entry = found.get(found.size() - 1);
        DeadLetter d = entry.value();
        field(out, "id", d.getId());
        field(out, "position", entry.position());
        field(out, "stage", d.getStage());
        field(out, "recordId", d.getRecordId());
        field(out, "sourceUri", d.getSourceUri());
        field(out, "sourceTopic", d.getSourceTopic());
        field(out, "sourcePartition", d.getSourcePartition());
        field(out, "sourceOffset", d.getSourceOffset());
        field(out, "errorClass", d.getErrorClass());
        field(out, "errorMessage", d.getErrorMessage());
        field(out, "attempts", d.getAttempts());
        field(out, "failedAt", d.getFailedAt());
        field(out, "originalKey", BytesPreview.describe(d.getOriginalKey()));
        field(out, "originalValue", BytesPreview.describe(d.getOriginalValue()));
        field(
                out,
                "redrivable",
                Redrivability.reasonNotRedrivable(d).map(r -> "no: " + r).orElse("yes"));
        Map<String, String> context = new TreeMap<>(d.getContext());
        out.println("context:" + (context.isEmpty() ? " (none)" : ""));
        context.forEach((k, v) -> out.println("  " + OneLine.of(k) + ": " + OneLine.of(v)));
        if (found.size() > 1) {
            out.println("note: " + found.size() + " dead letters carry this id; showing the latest");
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void field(PrintWriter out, String name, Object value) {
        out.printf("%-16s %s%n", name + ":", value == null ? "-" : OneLine.of(value));
    }
}

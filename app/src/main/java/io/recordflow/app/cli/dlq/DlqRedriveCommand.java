package io.recordflow.app.cli.dlq;

import io.recordflow.app.audit.Actors;
import io.recordflow.app.cli.ClusterOptions;
import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.cli.ScanReporter;
import io.recordflow.app.dlq.DeadLetterFilter;
import io.recordflow.app.dlq.DeadLetterReader;
import io.recordflow.app.dlq.DeadLetterRedriver;
import io.recordflow.app.dlq.Redrivability;
import io.recordflow.app.kafka.OperatorProducer;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code recordflow dlq redrive}: sends the selected dead letters' original bytes back to their source topic,
 * marked with redrive headers and audited; those without a source topic are listed with the reason.
 */
@Command(
        name = "redrive",
        mixinStandardHelpOptions = true,
        description = "Send dead letters back to their source topic (after fixing what made them fail).")
public final class DlqRedriveCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(
            names = "--filter",
            paramLabel = "KEY=VALUE",
            converter = DlqCommand.FilterConverter.class,
            description = "Select dead letters as in 'dlq list' (stage=, errorClass=, topic=, recordId=, since=).")
    private List<DeadLetterFilter> filters = new ArrayList<>();

    @Option(names = "--id", paramLabel = "ID", description = "Select dead letters by id. Repeatable.")
    private List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Select every dead letter (required when no --filter or --id is given).")
    private boolean all;

    @Option(names = "--force", description = "Also redrive dead letters that were redriven before.")
    private boolean force;

    @Option(names = "--dry-run", description = "Show what would be redriven, write nothing.")
    private boolean dryRun;

    @Option(
            names = "--operator",
            paramLabel = "NAME",
            description = "Who redrives, for the audit trail (default: $USER).")
    private String operator;

    @Override
    public Integer call() {
        if (filters.isEmpty() && ids.isEmpty() && !all) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Select what to redrive with --filter or --id, or pass --all to redrive every dead letter");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Entry<DeadLetter>> selected =
                DeadLetterReader.read(
                                cluster.clientConfig(),
                                new ScanReporter(spec.commandLine().getErr()),
                                filters)
                        .stream()
                        .filter(e -> ids.isEmpty() || ids.contains(e.value().getId()))
                        .toList();
        Map<String, AuditEvent> redrives = DeadLetterReader.redrives(
                cluster.clientConfig(), new ScanReporter(spec.commandLine().getErr()));
        List<DeadLetter> redrivable = new ArrayList<>();
        int skipped = 0;
        for (Entry<DeadLetter> entry : selected) {
            DeadLetter d = entry.value();
            Optional<String> reason = Redrivability.reasonNotRedrivable(d);
            if (reason.isPresent()) {
                out.println("not redrivable " + d.getId() + ": " + reason.get());
            } else if (redrives.containsKey(d.getId()) && !force) {
                out.println("skipped " + d.getId() + ": already " + DlqCommand.describeRedrive(redrives.get(d.getId()))
                        + " (--force redrives it again)");
                skipped++;
            } else {
                redrivable.add(d);
            }
        }
        if (dryRun) {
            redrivable.forEach(d -> out.println("would redrive " + d.getId() + " -> " + d.getSourceTopic() + " ("
                    + d.getStage() + ", " + d.getErrorClass() + ")"));
            out.println("dry run: " + redrivable.size() + " of " + selected.size() + " selected dead letter(s) "
                    + "would be redriven (" + skipped + " already redriven); nothing written");
            return ExitCode.OK;
        }
        int done = redrive(out, redrivable);
        out.println("redrove " + done + " of " + selected.size() + " selected dead letter(s); " + skipped
                + " already redriven, " + (selected.size() - redrivable.size() - skipped) + " not redrivable");
        out.flush();
        return ExitCode.OK;
    }

    private int redrive(PrintWriter out, List<DeadLetter> redrivable) {
        if (redrivable.isEmpty()) {
            return 0;
        }
        String who = operator != null ? operator : Actors.currentUser();
        int done = 0;
        try (OperatorProducer producer = new OperatorProducer(cluster.clientConfig(), "recordflow-dlq-redrive")) {
            DeadLetterRedriver redriver = new DeadLetterRedriver(producer, who);
            for (DeadLetter d : redrivable) {
                DeadLetterRedriver.Redriven r = redriver.redrive(d);
                out.println("redriven " + d.getId() + " -> " + r.topic() + "-" + r.partition() + "@" + r.offset());
                out.flush();
                done++;
            }
        }
        return done;
    }
}

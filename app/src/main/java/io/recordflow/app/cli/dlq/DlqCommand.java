package io.recordflow.app.cli.dlq;

import io.recordflow.app.cli.ScanReporter;
import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.dlq.DeadLetterFilter;
import io.recordflow.app.kafka.TopicScan;
import io.recordflow.app.kafka.TopicScan.Entry;
import io.recordflow.app.dlq.DeadLetterRedriver;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.topics.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code recordflow dlq}: inspect dead letters and send them back to their source topic after a fix. */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Inspect dead letters on " + "records.dlq.v1" + " and redrive them to their source topic.",
        subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqRedriveCommand.class})
public final class DlqCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }

    /** The dead letters on records.dlq.v1 matching all {@code filters}, in topic order. */
    static List<Entry<DeadLetter>> read(ClientConfig config, ScanReporter reporter, List<DeadLetterFilter> filters) {
        try (TopicScan scan = new TopicScan(config, reporter)) {
            return scan.readAll(Topics.DLQ).stream()
                    .filter(e -> e.value() != null)
                    .filter(e -> filters.stream().allMatch(f -> f.test(e.value())))
                    .toList();
        }
    }

    /**
     * The redrives recorded on records.audit.v1, by dead-letter id (the latest per id), so that a dead letter is
     * not sent back twice by accident.
     */
    static Map<String, AuditEvent> redrives(ClientConfig config, ScanReporter reporter) {
        Map<String, AuditEvent> redrives = new HashMap<>();
        try (TopicScan scan = new TopicScan(config, reporter)) {
            for (Entry<AuditEvent> entry : scan.readAll(Topics.AUDIT)) {
                AuditEvent event = entry.value();
                if (event != null && DeadLetterRedriver.AUDIT_STEP.equals(event.getStep())
                        && event.getDetail().containsKey(DeadLetterRedriver.DETAIL_DEAD_LETTER_ID)) {
                    redrives.put(event.getDetail().get(DeadLetterRedriver.DETAIL_DEAD_LETTER_ID), event);
                }
            }
        }
        return redrives;
    }

    /** "redriven at T by WHO to POSITION", from a redrive audit event. */
    static String describeRedrive(AuditEvent event) {
        return "redriven at " + event.getOccurredAt() + " by " + event.getActor() + " to "
                + event.getDetail().getOrDefault(DeadLetterRedriver.DETAIL_REDRIVEN_TO, "?");
    }

    /** Converts {@code --filter KEY=VALUE}; errors become usage errors naming the filter. */
    static final class FilterConverter implements CommandLine.ITypeConverter<DeadLetterFilter> {
        @Override
        public DeadLetterFilter convert(String value) {
            try {
                return DeadLetterFilter.parse(value, Instant.now());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

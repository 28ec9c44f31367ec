package io.recordflow.app.cli.dlq;

import io.recordflow.app.cli.ScanReporter;
import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.dlq.DeadLetterFilter;
import io.recordflow.app.kafka.TopicScan;
import io.recordflow.app.kafka.TopicScan.Entry;
import io.recordflow.records.DeadLetter;
import io.recordflow.topics.Topics;
import java.time.Instant;
import java.util.List;
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

package io.recordflow.app.cli.dlq;

import io.recordflow.app.dlq.DeadLetterFilter;
import io.recordflow.app.dlq.DeadLetterRedriver;
import io.recordflow.records.AuditEvent;
import java.time.Instant;
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
        throw new ParameterException(
                spec.commandLine(),
                "Missing subcommand: choose one of " + spec.subcommands().keySet());
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

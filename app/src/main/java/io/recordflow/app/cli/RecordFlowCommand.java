package io.recordflow.app.cli;

import io.recordflow.app.cli.console.ConsoleCommand;
import io.recordflow.app.cli.dlq.DlqCommand;
import io.recordflow.app.cli.review.ReviewCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code recordflow} command: it only groups the subcommands. */
@Command(
        name = "recordflow",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Kafka-native records pipeline: ingest documents, scans and audio, enrich them with Llama "
                + "classification and summaries, deliver them to records systems.",
        subcommands = {
            RunCommand.class,
            IngestCommand.class,
            EnrichCommand.class,
            ReplayCommand.class,
            DlqCommand.class,
            ReviewCommand.class,
            DiffCommand.class,
            StatusCommand.class,
            ConsoleCommand.class,
            RegistryCommand.class
        },
        usageHelpAutoWidth = true)
public final class RecordFlowCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}

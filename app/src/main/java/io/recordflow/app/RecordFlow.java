package io.recordflow.app;

import io.recordflow.app.cli.ErrorHandler;
import io.recordflow.app.cli.RecordFlowCommand;
import picocli.CommandLine;

/** Entry point of the {@code recordflow} command line. */
public final class RecordFlow {

    private RecordFlow() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The fully configured command line; tests run commands through it in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new RecordFlowCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true);
    }
}

package io.recordflow.app;

import io.recordflow.app.cli.ErrorHandler;
import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.cli.RecordFlowCommand;
import picocli.CommandLine;

/** Entry point of the {@code recordflow} command line. */
public final class RecordFlow {

    private RecordFlow() {}

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to ErrorHandler; an Error must still end the JVM, whose Kafka threads
            // would otherwise keep it alive after the main thread died.
            e.printStackTrace();
            System.err.println("recordflow: internal error: " + e);
            code = ExitCode.SOFTWARE;
        }
        System.exit(code);
    }

    /** The fully configured command line; tests run commands through it in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new RecordFlowCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true);
    }
}

package io.recordflow.app;

import io.recordflow.app.cli.ErrorHandler;
import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.cli.RecordFlowCommand;
import picocli.CommandLine;

/** Entry point of the {@code recordflow} command line. */
public final class RecordFlow {

    /**
     * The JDK's HTTP server (metrics, console, embedded registry) writes a response's headers and body separately; with
     * Nagle's algorithm on, the body waits for the client's delayed ACK, about 40 ms per answer.
     */
    static final String HTTP_SERVER_NODELAY = "sun.net.httpserver.nodelay";

    private RecordFlow() {}

    public static void main(String[] args) {
        answerHttpWithoutDelay();
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

    /**
     * Turns Nagle's algorithm off for the JDK HTTP server unless {@code -Dsun.net.httpserver.nodelay} says otherwise;
     * read once, when the first server starts, so it runs before any command.
     */
    static void answerHttpWithoutDelay() {
        if (System.getProperty(HTTP_SERVER_NODELAY) == null) {
            System.setProperty(HTTP_SERVER_NODELAY, "true");
        }
    }

    /** The fully configured command line; tests run commands through it in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new RecordFlowCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true);
    }
}

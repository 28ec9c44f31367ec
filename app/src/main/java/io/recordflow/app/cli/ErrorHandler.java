package io.recordflow.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place where a failed command becomes an exit code and a one-line message on stderr; the full stack
 * trace goes to the log at DEBUG ({@code RECORDFLOW_LOG_LEVEL=debug}) so nothing is swallowed.
 */
public final class ErrorHandler implements IExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    /** Checked in order against every exception in the cause chain, outermost first; the first match wins. */
    private static final Map<Class<? extends Throwable>, Integer> CODES = new LinkedHashMap<>();

    static {
        CODES.put(ConfigException.class, ExitCode.CONFIG);
        CODES.put(IllegalArgumentException.class, ExitCode.CONFIG);
        CODES.put(ConnectException.class, ExitCode.UNAVAILABLE);
        CODES.put(HttpTimeoutException.class, ExitCode.UNAVAILABLE);
        CODES.put(TimeoutException.class, ExitCode.UNAVAILABLE);
        CODES.put(SerializationException.class, ExitCode.DATA_ERROR);
        CODES.put(NoSuchFileException.class, ExitCode.IO_ERROR);
        CODES.put(UncheckedIOException.class, ExitCode.IO_ERROR);
        CODES.put(IOException.class, ExitCode.IO_ERROR);
        CODES.put(KafkaException.class, ExitCode.UNAVAILABLE);
        CODES.put(InterruptedException.class, ExitCode.INTERRUPTED);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        LOG.debug("command '{}' failed", cmd.getCommandName(), ex);
        cmd.getErr().println(cmd.getColorScheme().errorText(oneLine(cmd.getCommandName(), ex)));
        cmd.getErr().flush();
        return exitCodeFor(ex);
    }

    /** The exit code for a failure: the first mapped type found along the cause chain, else {@link ExitCode#SOFTWARE}. */
    static int exitCodeFor(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            for (Map.Entry<Class<? extends Throwable>, Integer> e : CODES.entrySet()) {
                if (e.getKey().isInstance(t)) {
                    return e.getValue();
                }
            }
        }
        return ExitCode.SOFTWARE;
    }

    /** "recordflow run: cannot ...: root cause message", naming the root cause when the outer message hides it. */
    static String oneLine(String command, Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = describe(ex);
        String message = root == ex || outer.contains(describe(root)) ? outer : outer + ": " + describe(root);
        return "recordflow " + command + ": " + message.replaceAll("\\s*\\R\\s*", " ");
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }
}

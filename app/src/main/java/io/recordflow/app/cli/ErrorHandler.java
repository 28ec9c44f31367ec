package io.recordflow.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
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

    /**
     * Refused authentications with the settings to check, appended to the one line. One anywhere in the cause chain
     * decides the exit code ({@link ExitCode#NOPERM}), as the wrappers around it (KafkaException) would map to
     * UNAVAILABLE and send the operator looking for a broker that is in fact up.
     */
    private static final Map<Class<? extends Throwable>, String> REFUSALS = new LinkedHashMap<>();

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
        REFUSALS.put(
                SaslAuthenticationException.class,
                "the broker refused the credentials: check sasl.jaas.config (user name and password) and sasl.mechanism");
        REFUSALS.put(
                SslAuthenticationException.class,
                "the TLS handshake failed: check ssl.truststore.location (it must trust the broker's certificate) and,"
                        + " for mutual TLS, ssl.keystore.location (the broker must trust that certificate)");
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        LOG.debug("command '{}' failed", cmd.getCommandName(), ex);
        cmd.getErr().println(cmd.getColorScheme().errorText(oneLine(cmd.getCommandName(), ex)));
        cmd.getErr().flush();
        return exitCodeFor(ex);
    }

    /**
     * The exit code for a failure: {@link ExitCode#NOPERM} for a refused authentication anywhere in the cause chain,
     * else the first mapped type found along it, else {@link ExitCode#SOFTWARE}.
     */
    static int exitCodeFor(Throwable ex) {
        if (firstMapped(ex, REFUSALS).isPresent()) {
            return ExitCode.NOPERM;
        }
        return firstMapped(ex, CODES).orElse(ExitCode.SOFTWARE);
    }

    private static <V> Optional<V> firstMapped(Throwable ex, Map<Class<? extends Throwable>, V> mapping) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            for (Map.Entry<Class<? extends Throwable>, V> e : mapping.entrySet()) {
                if (e.getKey().isInstance(t)) {
                    return Optional.of(e.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * "recordflow run: cannot ...: root cause message", naming the root cause when the outer message hides it and,
     * for a refused authentication, the settings to check.
     */
    static String oneLine(String command, Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = describe(ex);
        String message = root == ex || outer.contains(describe(root)) ? outer : outer + ": " + describe(root);
        message += firstMapped(ex, REFUSALS).map(hint -> "; " + hint).orElse("");
        return "recordflow " + command + ": " + message.replaceAll("\\s*\\R\\s*", " ");
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }
}

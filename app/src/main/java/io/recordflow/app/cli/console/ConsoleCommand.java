package io.recordflow.app.cli.console;

import io.recordflow.app.cli.ClusterOptions;
import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.console.ConsoleConfig;
import io.recordflow.app.console.ReviewConsole;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recordflow console}: serves the review console against a cluster until Ctrl-C. */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        subcommands = AddUserCommand.class,
        description = {
            "Serve the review console: the web page where records officers work the review queue and operators see "
                    + "the pipeline and its dead letters. Runs until Ctrl-C.",
            "Console settings (console.bind, console.port, console.users.file, console.session.timeout.ms, "
                    + "console.ssl.keystore.*, console.blob.roots, console.taxonomy) come from --config FILE or "
                    + "RECORDFLOW_CONSOLE_* variables; create users with 'recordflow console add-user'."
        })
public final class ConsoleCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description = "Address to listen on (overrides console.bind; default 127.0.0.1, this host only).")
    private String bind;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port (overrides console.port; default 8090, 0 = free).")
    private Integer port;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> overrides = new HashMap<>();
        overrides.put(ConsoleConfig.BIND, bind);
        overrides.put(ConsoleConfig.PORT, port == null ? null : port.toString());
        ConsoleConfig config = ConsoleConfig.load(cluster.configFile(), System.getenv(), overrides);
        CountDownLatch stopped = new CountDownLatch(1);
        try (ReviewConsole console = ReviewConsole.start(cluster.clientConfig(), config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "recordflow-console-stop"));
            err.println("Review console at " + console.url() + "/ (users in "
                    + config.usersFile().toAbsolutePath() + "); Ctrl-C stops it");
            err.flush();
            stopped.await();
        }
        return ExitCode.OK;
    }
}

package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.RecordFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RecordFlowCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = RecordFlow.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void shouldPrintProjectAndEngineVersions() {
        int code = run("--version");

        assertThat(code).isZero();
        assertThat(out.toString())
                .containsPattern("recordflow \\d+\\.\\d+\\.\\d+")
                .contains("Kafka 4.4.0", "Avro 1.12.2", "Tika 3.3.1", "langchain4j 1.11.0")
                .doesNotContain("${");
    }

    @Test
    void shouldListSubcommandsInHelp() {
        int code = run("--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: recordflow", "run", "dlq", "review", "diff", "status");
    }

    @Test
    void shouldOfferTheSharedClusterOptionsOnEveryClusterCommand() {
        for (String[] command : new String[][] {
            {"dlq", "list"},
            {"dlq", "show"},
            {"dlq", "redrive"},
            {"review", "list"},
            {"review", "decide"},
            {"diff"},
            {"status"}
        }) {
            out.getBuffer().setLength(0);
            String[] args = Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";

            assertThat(run(args)).isZero();
            assertThat(out.toString())
                    .as(String.join(" ", command))
                    .contains("--config=FILE", "--bootstrap-servers=", "--registry-url=");
        }
    }

    @Test
    void shouldMapAnInvalidSettingToTheConfigExitCodeNamingTheKey() {
        int code = run("status", "--bootstrap-servers", "no-port-here");

        assertThat(code).isEqualTo(ExitCode.CONFIG);
        assertThat(err.toString()).contains("bootstrap.servers", "no-port-here");
    }

    @Test
    void shouldFailWithUsageErrorWhenNoSubcommandIsGiven() {
        int code = run();

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing subcommand");
    }

    @Test
    void shouldRejectUnknownOptionWithUsageError() {
        int code = run("--no-such-option");

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--no-such-option");
    }
}

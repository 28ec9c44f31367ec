package io.recordflow.app.cli.review;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code recordflow review}: the human review queue and human category decisions. */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = "List records awaiting human review and record human category decisions.",
        subcommands = {ReviewListCommand.class, ReviewDecideCommand.class})
public final class ReviewCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}

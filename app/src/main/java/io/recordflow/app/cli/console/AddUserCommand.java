package io.recordflow.app.cli.console;

import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.console.ConsoleConfig;
import io.recordflow.app.console.auth.Role;
import io.recordflow.app.console.auth.UserStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recordflow console add-user NAME --role ROLE}: adds a console user (or resets its role and password). */
@Command(
        name = "add-user",
        mixinStandardHelpOptions = true,
        description = "Add a review console user, or replace an existing user's role and password. The password is "
                + "asked twice on the terminal (or read from standard input with --password-stdin) and stored as a "
                + "salted PBKDF2-HMAC-SHA256 hash.")
public final class AddUserCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "User name (letters, digits, . _ @ -).")
    private String name;

    @Option(
            names = "--role",
            required = true,
            paramLabel = "ROLE",
            description = "viewer (reads), reviewer (also decides records), operator (also redrives dead letters).")
    private String role;

    @Option(
            names = "--users-file",
            paramLabel = "FILE",
            description = "The users file (overrides console.users.file of --config).")
    private Path usersFile;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with console.users.file.")
    private Path configFile;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    private boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Role parsed;
        try {
            parsed = Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--role: " + e.getMessage());
        }
        Map<String, String> overrides = new HashMap<>();
        overrides.put(ConsoleConfig.USERS_FILE, usersFile == null ? null : usersFile.toString());
        Path file = ConsoleConfig.load(configFile, System.getenv(), overrides).usersFile();
        char[] password = password();
        try {
            new UserStore(file).put(name, parsed, password);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
        out.println("user " + name + " (" + parsed.label() + ") saved in " + file.toAbsolutePath());
        out.flush();
        return ExitCode.OK;
    }

    private char[] password() throws IOException {
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new ParameterException(spec.commandLine(), "--password-stdin: standard input is empty");
            }
            return line.toCharArray();
        }
        Console terminal = System.console();
        if (terminal == null) {
            throw new ParameterException(
                    spec.commandLine(), "no terminal to ask the password on: pass it with --password-stdin");
        }
        char[] first = terminal.readPassword("Password for %s: ", name);
        char[] second = terminal.readPassword("Again: ");
        if (first == null || !Arrays.equals(first, second)) {
            throw new ParameterException(spec.commandLine(), "the two passwords differ");
        }
        Arrays.fill(second, '\0');
        return first;
    }
}

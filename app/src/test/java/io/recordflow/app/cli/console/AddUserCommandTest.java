package io.recordflow.app.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.console.auth.PasswordHash;
import io.recordflow.app.console.auth.Role;
import io.recordflow.app.console.auth.UserStore;
import io.recordflow.app.fixtures.Cli;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddUserCommandTest {

    @TempDir
    Path dir;

    private static Cli withStdin(String stdin, String... args) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return Cli.run(args);
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void shouldAddAUserWithTheRoleAndASaltedHashOfThePasswordFromStdin() {
        Path users = dir.resolve("users.txt");

        Cli added = withStdin(
                "a long enough password\n",
                "console",
                "add-user",
                "ann",
                "--role",
                "operator",
                "--users-file",
                users.toString(),
                "--password-stdin");

        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out()).contains("user ann (operator) saved in");
        assertThat(new UserStore(users).find("ann")).hasValueSatisfying(u -> {
            assertThat(u.role()).isEqualTo(Role.OPERATOR);
            assertThat(PasswordHash.matches("a long enough password".toCharArray(), u.hash()))
                    .isTrue();
        });
    }

    @Test
    void shouldRefuseAnUnknownRoleAndAShortPasswordAsUsageErrors() {
        Path users = dir.resolve("users.txt");

        Cli badRole = withStdin(
                "a long enough password\n",
                "console",
                "add-user",
                "ann",
                "--role",
                "admin",
                "--users-file",
                users.toString(),
                "--password-stdin");
        Cli shortPassword = withStdin(
                "short\n",
                "console",
                "add-user",
                "ann",
                "--role",
                "viewer",
                "--users-file",
                users.toString(),
                "--password-stdin");

        assertThat(badRole.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badRole.err()).contains("unknown role 'admin'", "viewer, reviewer, operator");
        assertThat(shortPassword.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(shortPassword.err()).contains("at least 12 characters");
        assertThat(users).doesNotExist();
    }
}

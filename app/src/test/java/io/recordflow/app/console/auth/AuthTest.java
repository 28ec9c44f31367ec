package io.recordflow.app.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.app.console.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password hashes, the users file, sessions and the sign-in rate limit. */
class AuthTest {

    @TempDir
    Path dir;

    @Test
    void shouldHashWithASaltSoTheSamePasswordGivesDifferentHashesThatBothMatch() {
        String a = PasswordHash.create("correct horse battery".toCharArray());
        String b = PasswordHash.create("correct horse battery".toCharArray());

        assertThat(a)
                .startsWith("pbkdf2-sha256$" + PasswordHash.DEFAULT_ITERATIONS + "$")
                .isNotEqualTo(b);
        assertThat(PasswordHash.matches("correct horse battery".toCharArray(), a))
                .isTrue();
        assertThat(PasswordHash.matches("correct horse battery".toCharArray(), b))
                .isTrue();
        assertThat(PasswordHash.matches("correct horse batterY".toCharArray(), a))
                .isFalse();
    }

    @Test
    void shouldKeepUsersInAnOwnerOnlyFileWithoutThePasswordInClear() throws Exception {
        Path file = dir.resolve("users.txt");
        UserStore users = new UserStore(file);
        assertThat(users.find("rita")).isEmpty();

        users.put("rita", Role.REVIEWER, "a long enough password".toCharArray());
        users.put("olga", Role.OPERATOR, "another long password".toCharArray());
        users.put("rita", Role.VIEWER, "a changed long password".toCharArray());

        assertThat(users.find("rita")).hasValueSatisfying(u -> {
            assertThat(u.role()).isEqualTo(Role.VIEWER);
            assertThat(PasswordHash.matches("a changed long password".toCharArray(), u.hash()))
                    .isTrue();
        });
        assertThat(users.find("olga").map(UserStore.User::role)).hasValue(Role.OPERATOR);
        assertThat(Files.readString(file)).doesNotContain("password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> users.put("bob", Role.VIEWER, "short".toCharArray()))
                .hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() -> users.put("bob:admin", Role.VIEWER, "a long enough password".toCharArray()))
                .hasMessageContaining("user name");
    }

    @Test
    void shouldLetEachRoleDoWhatTheRolesBelowItMay() {
        assertThat(Role.OPERATOR.allows(Role.REVIEWER)).isTrue();
        assertThat(Role.REVIEWER.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.REVIEWER)).isFalse();
        assertThat(Role.REVIEWER.allows(Role.OPERATOR)).isFalse();
        assertThatThrownBy(() -> Role.parse("admin")).hasMessageContaining("viewer, reviewer, operator");
    }

    @Test
    void shouldExpireAnIdleSessionAndRenewAnActiveOne() {
        ManualClock clock = new ManualClock();
        Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);
        Sessions.Session s = sessions.open("rita", Role.REVIEWER);

        clock.now = clock.now.plus(Duration.ofMinutes(20));
        assertThat(sessions.find(s.id())).isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(20));
        assertThat(sessions.find(s.id())).as("renewed 20 minutes ago").isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(sessions.find(s.id())).isEmpty();
        assertThat(s.csrfMatches(s.csrfToken())).isTrue();
        assertThat(s.csrfMatches(null)).isFalse();
        assertThat(s.csrfMatches(s.id())).isFalse();
    }

    @Test
    void shouldRefuseSignInsAfterTooManyFailuresUntilTheWindowHasPassed() {
        ManualClock clock = new ManualClock();
        SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.allows("rita", "10.0.0.1")).isTrue();
            throttle.failed("rita", "10.0.0.1");
        }

        assertThat(throttle.allows("rita", "10.0.0.2"))
                .as("the user name is limited")
                .isFalse();
        assertThat(throttle.allows("olga", "10.0.0.1"))
                .as("the address is not yet")
                .isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(throttle.allows("rita", "10.0.0.1")).isTrue();
    }

    @Test
    void shouldForgetUserNamesAndAddressesOnceTheirFailuresLeaveTheWindow() {
        ManualClock clock = new ManualClock();
        SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 100; i++) {
            throttle.failed("guess-" + i, "10.0.0." + (i % 5));
        }
        assertThat(throttle.tracked()).isEqualTo(105);

        clock.now = clock.now.plus(Duration.ofMinutes(16));
        throttle.failed("late", "10.0.0.9");

        assertThat(throttle.tracked())
                .as("only the failure still inside the window is remembered")
                .isEqualTo(2);
    }

    @Test
    void shouldKeepAtMostMaxTrackedEntriesDroppingTheLeastRecentlyFailed() {
        ManualClock clock = new ManualClock();
        SignInThrottle throttle = new SignInThrottle(2, Duration.ofMinutes(15), clock, 6);
        throttle.failed("rita", "10.0.0.1");
        for (int i = 0; i < 50; i++) {
            clock.now = clock.now.plusSeconds(1);
            throttle.failed("guess-" + i, "10.0.0." + (100 + i));
        }
        assertThat(throttle.tracked()).isEqualTo(6);

        clock.now = clock.now.plusSeconds(1);
        throttle.failed("olga", "10.0.0.2");
        throttle.failed("olga", "10.0.0.2");
        assertThat(throttle.allows("olga", "10.0.0.3"))
                .as("the newest user name is still limited")
                .isFalse();
        assertThat(throttle.tracked()).isEqualTo(6);
    }
}

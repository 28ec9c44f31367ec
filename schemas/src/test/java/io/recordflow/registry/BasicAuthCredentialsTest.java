package io.recordflow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BasicAuthCredentialsTest {

    @Test
    void shouldMatchOnlyTheExactUserAndPassword() {
        BasicAuthCredentials credentials = BasicAuthCredentials.parse("prometheus:pa:ss");

        assertThat(credentials.matches("prometheus", "pa:ss")).isTrue();
        assertThat(credentials.matches("prometheus", "pa:s")).isFalse();
        assertThat(credentials.matches("prometheus", "pa:sss")).isFalse();
        assertThat(credentials.matches("Prometheus", "pa:ss")).isFalse();
        assertThat(credentials.matches(null, null)).isFalse();
    }

    @Test
    void shouldRefuseUserInfoWithoutUserAndNeverPrintThePassword() {
        assertThatThrownBy(() -> BasicAuthCredentials.parse("secret-without-colon"))
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("secret-without-colon");
        assertThat(BasicAuthCredentials.parse("u:hunter2").toString()).doesNotContain("hunter2");
    }
}

package io.recordflow.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PortsTest {

    @RepeatedTest(50)
    void shouldNeverChooseTheSamePortTwiceInOneRequest() {
        int[] ports = Ports.choose(0, 0, 0, 0);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(ports.length);
        assertThat(Arrays.stream(ports).min().orElseThrow()).isPositive();
    }

    @Test
    void shouldKeepAFreePreferredPortAndReplaceARepeatedOne() {
        int preferred = Ports.choose(0)[0];

        int[] ports = Ports.choose(preferred, preferred);

        assertThat(ports[0]).isEqualTo(preferred);
        assertThat(ports[1]).isPositive().isNotEqualTo(preferred);
    }

    @Test
    void shouldReplaceAPreferredPortAnotherSocketHolds() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName(Ports.HOST))) {
            int[] ports = Ports.choose(squatter.getLocalPort());

            assertThat(ports[0]).isPositive().isNotEqualTo(squatter.getLocalPort());
        }
    }
}

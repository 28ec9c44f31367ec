package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.fixtures.JarRun;
import io.recordflow.app.fixtures.ListeningSockets;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every TCP listener {@code recordflow run --serve --metrics-port 0} opens (broker, controller, registry, Connect,
 * metrics) binds the loopback interface, read from the running process's sockets in {@code /proc}.
 */
class RunListenersIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path work;

    @Test
    void shouldOpenNoListenerOnTheWildcardAddress() throws Exception {
        JarRun serving = JarRun.start(
                work,
                "serve",
                "run",
                "--provider",
                "local",
                "--serve",
                "--metrics-port",
                "0",
                "--data-dir",
                work.resolve("data").toString());
        Process process = serving.process();
        try {
            await().atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> serving.stderr().contains("enrich RUNNING") || !process.isAlive());
            assertThat(process.isAlive()).as(serving.stderr()).isTrue();

            List<InetSocketAddress> listening = ListeningSockets.of(process.pid());

            assertThat(listening)
                    .as("listeners of recordflow run (broker, controller, registry, Connect, metrics)")
                    .hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(address -> assertThat(address.getAddress().isLoopbackAddress())
                            .as("%s binds loopback, not the wildcard or another interface", address)
                            .isTrue());
        } finally {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

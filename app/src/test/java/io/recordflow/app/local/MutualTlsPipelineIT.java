package io.recordflow.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.fixtures.Cli;
import io.recordflow.embedded.kafka.SecureListener;
import io.recordflow.testkit.SecureClientSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline through the broker's mutual-TLS listener, every client presenting the test's client certificate. */
class MutualTlsPipelineIT extends SecureTransportPipeline {

    @Override
    String listenerName() {
        return SecureListener.MUTUAL_TLS;
    }

    @Override
    Map<String, String> security() {
        return SecureClientSettings.mutualTls(CERTS.serverTrust(), CERTS.clientKeys());
    }

    @Test
    void shouldRefuseAnUntrustedClientCertificateWithOneLineNamingTheKeyStore() throws Exception {
        Cli status = status(SecureClientSettings.mutualTls(CERTS.serverTrust(), CERTS.untrustedKeys("not-a-client")));

        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCode.NOPERM);
        assertThat(status.err().strip().lines())
                .as(status.toString())
                .singleElement()
                .satisfies(line ->
                        assertThat(line).startsWith("recordflow status: ").contains("ssl.keystore.location"));
    }
}

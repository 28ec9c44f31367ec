package io.recordflow.app.local;

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

        assertRefusedWithOneLineNaming(status, "ssl.keystore.location");
    }
}

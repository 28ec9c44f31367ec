package io.recordflow.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.fixtures.Cli;
import io.recordflow.embedded.kafka.SecureListener;
import io.recordflow.testkit.SecureClientSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline through the broker's SASL_SSL listener, every client logging in as a SCRAM-SHA-512 user. */
class SaslSslPipelineIT extends SecureTransportPipeline {

    @Override
    String listenerName() {
        return SecureListener.SASL_SSL;
    }

    @Override
    Map<String, String> security() {
        return SecureClientSettings.saslSsl(CERTS.serverTrust(), USER, USER_PASSWORD);
    }

    @Test
    void shouldRefuseWrongScramCredentialsWithOneLineNamingSaslJaasConfig() throws Exception {
        Cli status = status(SecureClientSettings.saslSsl(CERTS.serverTrust(), USER, "not-the-password"));

        assertRefusedWithOneLineNaming(status, "sasl.jaas.config");
        assertThat(status.err()).doesNotContain("not-the-password");
    }
}

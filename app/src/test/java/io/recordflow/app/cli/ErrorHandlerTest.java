package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

class ErrorHandlerTest {

    @Test
    void shouldMapUnreachableServiceFoundDeepInTheCauseChain() {
        var ex = new IllegalStateException(
                "cannot start pipeline",
                new RuntimeException("registry call failed", new ConnectException("Connection refused")));

        assertThat(ErrorHandler.exitCodeFor(ex)).isEqualTo(ExitCode.UNAVAILABLE);
    }

    @Test
    void shouldMapInvalidSettingToConfigExitCode() {
        var ex = new ConfigException("schema.registry.url", "ftp://x", "must be http or https");

        assertThat(ErrorHandler.exitCodeFor(ex)).isEqualTo(ExitCode.CONFIG);
    }

    @Test
    void shouldMapFileProblemsToIoError() {
        assertThat(ErrorHandler.exitCodeFor(new UncheckedIOException(new NoSuchFileException("/data/a.pdf"))))
                .isEqualTo(ExitCode.IO_ERROR);
        assertThat(ErrorHandler.exitCodeFor(new IOException("disk full"))).isEqualTo(ExitCode.IO_ERROR);
    }

    @Test
    void shouldMapUndecodableDataToDataError() {
        assertThat(ErrorHandler.exitCodeFor(new SerializationException("unknown magic byte")))
                .isEqualTo(ExitCode.DATA_ERROR);
    }

    @Test
    void shouldTreatUnknownFailuresAsSoftwareErrors() {
        assertThat(ErrorHandler.exitCodeFor(new NullPointerException())).isEqualTo(ExitCode.SOFTWARE);
    }

    @Test
    void shouldNameTheRootCauseOnOneLine() {
        var ex = new IllegalStateException(
                "cannot register schema for records.ingested.v1",
                new ConnectException("Connection refused\nat http://127.0.0.1:1"));

        assertThat(ErrorHandler.oneLine("ingest", ex))
                .isEqualTo(
                        "recordflow ingest: cannot register schema for records.ingested.v1: Connection refused at http://127.0.0.1:1");
    }

    @Test
    void shouldNotRepeatARootCauseAlreadyInTheMessage() {
        var root = new ConnectException("Connection refused");
        var ex = new RuntimeException(root.toString(), root);

        assertThat(ErrorHandler.oneLine("run", ex))
                .isEqualTo("recordflow run: java.net.ConnectException: Connection refused");
    }

    @Test
    void shouldNameTheSaslSettingWhenTheBrokerRefusesTheCredentials() {
        var ex = new KafkaException(
                "cannot describe topics",
                new SaslAuthenticationException("Authentication failed due to invalid credentials with SCRAM-SHA-512"));

        assertThat(ErrorHandler.exitCodeFor(ex)).isEqualTo(ExitCode.NOPERM);
        assertThat(ErrorHandler.oneLine("status", ex))
                .startsWith("recordflow status: cannot describe topics: Authentication failed")
                .contains("check sasl.jaas.config")
                .doesNotContain("\n");
    }

    @Test
    void shouldNameTheTrustStoreSettingWhenTheTlsHandshakeFails() {
        var ex = new KafkaException(
                "cannot describe topics",
                new SslAuthenticationException(
                        "SSL handshake failed", new SSLHandshakeException("PKIX path building failed")));

        assertThat(ErrorHandler.exitCodeFor(ex)).isEqualTo(ExitCode.NOPERM);
        assertThat(ErrorHandler.oneLine("status", ex))
                .contains("PKIX path building failed; the TLS handshake failed")
                .contains("check ssl.truststore.location")
                .contains("ssl.keystore.location");
    }
}

package io.recordflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.embedded.kafka.EmbeddedKafka;
import io.recordflow.embedded.kafka.SecureListener;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded node's SASL_SSL (SCRAM-SHA-512) and mutual-TLS listeners accept the right clients only. */
class SecureListenersIT {

    private static final String PASSWORD = "store-secret";
    private static final String TOPIC = "secure-listeners";
    private static final TestCertificates CERTS = TestCertificates.createTemporary(PASSWORD);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(EmbeddedKafka.builder()
            .listener(SecureListener.saslSsl(CERTS.serverKeys(), "alice", "alice-secret"))
            .listener(SecureListener.mutualTls(CERTS.serverKeys(), CERTS.clientTrust())));

    @BeforeAll
    static void createTopic() {
        KAFKA.createTopic(TOPIC, 1);
    }

    @Test
    void shouldAcceptAScramUserOverSaslSsl() throws Exception {
        Map<String, Object> client = client(
                SecureListener.SASL_SSL, SecureClientSettings.saslSsl(CERTS.serverTrust(), "alice", "alice-secret"));

        assertThat(sendOne(client)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void shouldAcceptAClientCertificateOverMutualTls() throws Exception {
        Map<String, Object> client = client(
                SecureListener.MUTUAL_TLS, SecureClientSettings.mutualTls(CERTS.serverTrust(), CERTS.clientKeys()));

        assertThat(sendOne(client)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void shouldRefuseAWrongScramPassword() {
        Map<String, Object> client =
                client(SecureListener.SASL_SSL, SecureClientSettings.saslSsl(CERTS.serverTrust(), "alice", "wrong"));

        assertThatThrownBy(() -> listTopics(client)).hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void shouldRefuseAnUntrustedClientCertificate() {
        Map<String, Object> client = client(
                SecureListener.MUTUAL_TLS,
                SecureClientSettings.mutualTls(CERTS.serverTrust(), CERTS.untrustedKeys("rogue")));

        assertThatThrownBy(() -> listTopics(client)).hasCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void shouldRefuseAClientThatDoesNotTrustTheBroker() {
        Map<String, String> settings = SecureClientSettings.saslSsl(CERTS.clientTrust(), "alice", "alice-secret");
        Map<String, Object> client = client(SecureListener.SASL_SSL, settings);

        assertThatThrownBy(() -> listTopics(client)).hasCauseInstanceOf(SslAuthenticationException.class);
    }

    private static Map<String, Object> client(String listener, Map<String, String> settings) {
        Map<String, Object> client = new HashMap<>(settings);
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA.kafka().bootstrapServers(listener));
        return client;
    }

    private static long sendOne(Map<String, Object> client) throws Exception {
        client.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(TOPIC, "k", "v"))
                    .get(30, TimeUnit.SECONDS)
                    .offset();
        }
    }

    private static void listTopics(Map<String, Object> client) throws Exception {
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(client)) {
            admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}

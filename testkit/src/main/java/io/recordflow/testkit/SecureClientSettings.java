package io.recordflow.testkit;

import io.recordflow.embedded.kafka.KeyStoreFile;
import java.util.LinkedHashMap;
import java.util.Map;

/** Kafka client settings (without {@code bootstrap.servers}) for the embedded node's SASL_SSL and mutual-TLS listeners. */
public final class SecureClientSettings {

    private SecureClientSettings() {}

    /** SASL_SSL with SCRAM-SHA-512 as {@code user}, trusting the broker through {@code trust}. */
    public static Map<String, String> saslSsl(KeyStoreFile trust, String user, String password) {
        Map<String, String> settings = trusting(trust);
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
        return settings;
    }

    /** SSL presenting {@code clientKeys}, trusting the broker through {@code trust}. */
    public static Map<String, String> mutualTls(KeyStoreFile trust, KeyStoreFile clientKeys) {
        Map<String, String> settings = trusting(trust);
        settings.put("security.protocol", "SSL");
        settings.put("ssl.keystore.location", clientKeys.path().toString());
        settings.put("ssl.keystore.password", clientKeys.password());
        settings.put("ssl.key.password", clientKeys.password());
        settings.put("ssl.keystore.type", KeyStoreFile.TYPE);
        return settings;
    }

    /** {@code settings} again under {@code prefix}, e.g. {@code producer.} for a Connect worker. */
    public static Map<String, String> prefixed(String prefix, Map<String, String> settings) {
        Map<String, String> prefixed = new LinkedHashMap<>();
        settings.forEach((key, value) -> prefixed.put(prefix + key, value));
        return prefixed;
    }

    private static Map<String, String> trusting(KeyStoreFile trust) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ssl.truststore.location", trust.path().toString());
        settings.put("ssl.truststore.password", trust.password());
        settings.put("ssl.truststore.type", KeyStoreFile.TYPE);
        return settings;
    }
}

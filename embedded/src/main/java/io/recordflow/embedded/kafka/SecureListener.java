package io.recordflow.embedded.kafka;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An extra client listener of the embedded node on 127.0.0.1: SASL_SSL with one SCRAM-SHA-512 user, or mutual TLS
 * (SSL with {@code ssl.client.auth=required}). The inter-broker and controller listeners stay PLAINTEXT on loopback.
 */
public final class SecureListener {

    /** The listener name (and security protocol) of {@link #saslSsl}. */
    public static final String SASL_SSL = "SASL_SSL";
    /** The listener name of {@link #mutualTls}; its security protocol is SSL. */
    public static final String MUTUAL_TLS = "MTLS";

    static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private final String name;
    private final String securityProtocol;
    private final Map<String, String> settings;
    private final Optional<String> scramArgument;

    private SecureListener(
            String name, String securityProtocol, Map<String, String> settings, Optional<String> scramArgument) {
        this.name = name;
        this.securityProtocol = securityProtocol;
        this.settings = Map.copyOf(settings);
        this.scramArgument = scramArgument;
    }

    /**
     * A SASL_SSL listener presenting {@code serverKeys} and accepting SCRAM-SHA-512 for {@code user}; the user's
     * credential is written when the node's storage is formatted, so it exists from the first start.
     */
    public static SecureListener saslSsl(KeyStoreFile serverKeys, String user, String password) {
        requireScramSafe(user, "user");
        requireScramSafe(password, "password");
        Map<String, String> settings = keyStoreSettings(serverKeys);
        settings.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
        settings.put(
                SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        return new SecureListener(
                SASL_SSL,
                "SASL_SSL",
                settings,
                Optional.of(SCRAM_MECHANISM + "=[name=" + user + ",password=" + password + "]"));
    }

    /** An SSL listener presenting {@code serverKeys} that requires a client certificate trusted by {@code clientTrust}. */
    public static SecureListener mutualTls(KeyStoreFile serverKeys, KeyStoreFile clientTrust) {
        Map<String, String> settings = keyStoreSettings(serverKeys);
        settings.put("ssl.truststore.location", clientTrust.path().toString());
        settings.put("ssl.truststore.password", clientTrust.password());
        settings.put("ssl.truststore.type", KeyStoreFile.TYPE);
        settings.put("ssl.client.auth", "required");
        return new SecureListener(MUTUAL_TLS, "SSL", settings, Optional.empty());
    }

    public String name() {
        return name;
    }

    String securityProtocol() {
        return securityProtocol;
    }

    /** The broker properties of this listener, prefixed {@code listener.name.<name>.}. */
    Map<String, String> brokerProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        String prefix = "listener.name." + name.toLowerCase(Locale.ROOT) + ".";
        settings.forEach((key, value) -> props.put(prefix + key, value));
        return props;
    }

    /** The formatter's {@code --add-scram} argument for this listener's user, if it has one. */
    Optional<String> scramArgument() {
        return scramArgument;
    }

    private static Map<String, String> keyStoreSettings(KeyStoreFile serverKeys) {
        Objects.requireNonNull(serverKeys, "serverKeys");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ssl.keystore.location", serverKeys.path().toString());
        settings.put("ssl.keystore.password", serverKeys.password());
        settings.put("ssl.key.password", serverKeys.password());
        settings.put("ssl.keystore.type", KeyStoreFile.TYPE);
        return settings;
    }

    private static void requireScramSafe(String value, String what) {
        if (value == null || value.isEmpty() || value.matches(".*[\\[\\],=\"\\s].*")) {
            throw new IllegalArgumentException(
                    "SCRAM " + what + " must be non-empty without brackets, commas, '=', quotes or spaces");
        }
    }

    @Override
    public String toString() {
        return name + " (" + securityProtocol + ")";
    }
}

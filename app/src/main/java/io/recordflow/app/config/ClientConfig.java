package io.recordflow.app.config;

import io.recordflow.secrets.UrlRedaction;
import io.recordflow.serde.AvroSerdeConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How the operator commands reach a RecordFlow cluster: Kafka bootstrap servers and client security settings
 * (every {@code security.protocol}, {@code ssl.*} and {@code sasl.*} key passes through to the Kafka clients),
 * the schema registry with optional basic auth, and where the enrich service runs.
 */
public final class ClientConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SECURITY_PROTOCOL = CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;
    public static final String SCHEMA_REGISTRY_URL = AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG;
    public static final String REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String CLIENT_TIMEOUT_MS = "client.timeout.ms";
    public static final String APPLICATION_ID = "application.id";
    public static final String ENRICH_METRICS_URL = "enrich.metrics.url";

    /** Prefixes of Kafka client security settings passed through unchanged, defined here or not. */
    static final List<String> PASS_THROUGH_PREFIXES = List.of("ssl.", "sasl.");

    /**
     * The registry client's own settings handed to it as set: schema.registry.ssl.* (trust store, key store for
     * mutual TLS) and schema.registry.retry.* (how long to retry a registry that does not answer).
     */
    static final List<String> REGISTRY_CLIENT_KEYS = List.of(
            AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG,
            AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG,
            AvroSerdeConfig.SSL_TRUSTSTORE_TYPE_CONFIG,
            AvroSerdeConfig.SSL_KEYSTORE_LOCATION_CONFIG,
            AvroSerdeConfig.SSL_KEYSTORE_PASSWORD_CONFIG,
            AvroSerdeConfig.SSL_KEYSTORE_TYPE_CONFIG,
            AvroSerdeConfig.SSL_KEY_PASSWORD_CONFIG,
            AvroSerdeConfig.RETRY_MAX_MS_CONFIG,
            AvroSerdeConfig.RETRY_BACKOFF_MS_CONFIG,
            AvroSerdeConfig.RETRY_BACKOFF_MAX_MS_CONFIG);

    /** Names of pass-through keys this Kafka version does not define, treated as secrets when printed. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(password|secret|jaas|token|credential).*");

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef()
                .define(
                        BOOTSTRAP_SERVERS,
                        Type.LIST,
                        "localhost:9092",
                        new NonEmptyList("host:port", new HostPortValidator()),
                        Importance.HIGH,
                        "Comma-separated host:port pairs of the Kafka brokers to bootstrap from.")
                .define(
                        SECURITY_PROTOCOL,
                        Type.STRING,
                        SecurityProtocol.PLAINTEXT.name,
                        ConfigDef.CaseInsensitiveValidString.in(
                                SecurityProtocol.names().toArray(String[]::new)),
                        Importance.MEDIUM,
                        "Protocol used to talk to the brokers: PLAINTEXT, SSL, SASL_PLAINTEXT "
                                + "or SASL_SSL. The ssl.* and sasl.* settings configure it.")
                .define(
                        SCHEMA_REGISTRY_URL,
                        Type.LIST,
                        "http://localhost:8081",
                        new NonEmptyList("schema registry URL", new HttpUrlValidator()),
                        Importance.HIGH,
                        "Comma-separated URLs of a Confluent-compatible schema registry.")
                .define(
                        REGISTRY_USER_INFO,
                        Type.PASSWORD,
                        null,
                        new UserInfoValidator(),
                        Importance.MEDIUM,
                        "Basic-auth credentials for the schema registry as user:password; none when unset.")
                .define(
                        CLIENT_TIMEOUT_MS,
                        Type.INT,
                        30_000,
                        ConfigDef.Range.between(1_000, 3_600_000),
                        Importance.LOW,
                        "Milliseconds a command waits for the cluster to answer before failing.")
                .define(
                        APPLICATION_ID,
                        Type.STRING,
                        "recordflow-enrich",
                        new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM,
                        "Application id (consumer group) of the enrich Kafka Streams service.")
                .define(
                        ENRICH_METRICS_URL,
                        Type.STRING,
                        "http://localhost:8080/metrics",
                        new HttpUrlValidator(),
                        Importance.LOW,
                        "Prometheus endpoint of the enrich service, read by 'recordflow status'.");
        SslConfigs.addClientSslSupport(def);
        SaslConfigs.addClientSaslSupport(def);
        // The registry client's own settings, defined once by the serde configuration and handed to it as set.
        REGISTRY_CLIENT_KEYS.forEach(
                key -> def.define(AvroSerdeConfig.CONFIG_DEF.configKeys().get(key)));
        return def;
    }

    public ClientConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props, false);
        validate();
    }

    private void validate() {
        String protocol = getString(SECURITY_PROTOCOL).toUpperCase(Locale.ROOT);
        String mechanism = getString(SaslConfigs.SASL_MECHANISM);
        boolean passwordMechanism = "PLAIN".equals(mechanism) || mechanism.startsWith("SCRAM-");
        if (protocol.startsWith("SASL_")
                && passwordMechanism
                && getPassword(SaslConfigs.SASL_JAAS_CONFIG) == null
                && System.getProperty("java.security.auth.login.config") == null) {
            throw new ConfigException(
                    SaslConfigs.SASL_JAAS_CONFIG,
                    null,
                    "security.protocol=" + protocol
                            + " with sasl.mechanism=" + mechanism
                            + " needs sasl.jaas.config (or a JAAS file given with "
                            + "-Djava.security.auth.login.config)");
        }
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS));
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public String enrichMetricsUrl() {
        return getString(ENRICH_METRICS_URL);
    }

    public int clientTimeoutMs() {
        return getInt(CLIENT_TIMEOUT_MS);
    }

    /** Properties for any Kafka client: bootstrap servers, timeouts and the security settings that were set. */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(BOOTSTRAP_SERVERS, bootstrapServers());
        props.put(SECURITY_PROTOCOL, getString(SECURITY_PROTOCOL).toUpperCase(Locale.ROOT));
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, clientTimeoutMs());
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Math.min(clientTimeoutMs(), 30_000));
        originals().forEach((key, value) -> {
            if (isPassThrough(key)) {
                props.put(key, value);
            }
        });
        return props;
    }

    /** Settings for the Avro serdes: registry URLs and, when configured, basic-auth credentials. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(SCHEMA_REGISTRY_URL, getList(SCHEMA_REGISTRY_URL));
        Password userInfo = getPassword(REGISTRY_USER_INFO);
        if (userInfo != null) {
            config.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, AvroSerdeConfig.SOURCE_USER_INFO);
            config.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, userInfo.value());
        }
        for (String key : REGISTRY_CLIENT_KEYS) {
            Object value = values().get(key);
            if (value != null) {
                config.put(key, value instanceof Password p ? p.value() : value);
            }
        }
        return config;
    }

    /**
     * The effective settings for printing: every defined key that has a value, plus pass-through keys that were
     * set; passwords and secret-looking keys show as {@code [hidden]}, credentials in URLs are redacted.
     */
    public Map<String, String> masked() {
        Map<String, String> shown = new TreeMap<>();
        values().forEach((key, value) -> {
            if (value != null && (!isPassThrough(key) || originals().containsKey(key))) {
                shown.put(key, display(key, value));
            }
        });
        originals().forEach((key, value) -> {
            if (isPassThrough(key) && !CONFIG_DEF.names().contains(key)) {
                shown.put(key, SECRET_NAME.matcher(key).matches() ? Password.HIDDEN : display(key, value));
            }
        });
        return shown;
    }

    /** Passwords hidden; credentials in any URL (registry, metrics, ...) redacted, wherever the value came from. */
    private static String display(String key, Object value) {
        if (value instanceof Password) {
            return Password.HIDDEN;
        }
        if (value instanceof List<?> list) {
            return String.join(
                    ",",
                    list.stream()
                            .map(v -> UrlRedaction.redact(String.valueOf(v)))
                            .toList());
        }
        return UrlRedaction.redact(String.valueOf(value));
    }

    /** True for keys that go to the Kafka clients as they are: the ssl.* and sasl.* families. */
    static boolean isPassThrough(String key) {
        return PASS_THROUGH_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** True for keys this configuration accepts from a file or the environment. */
    static boolean isKnown(String key) {
        return CONFIG_DEF.names().contains(key) || isPassThrough(key);
    }

    @Override
    public String toString() {
        return "ClientConfig" + masked();
    }

    /** A non-empty list whose every element passes {@code element}. */
    private static final class NonEmptyList implements ConfigDef.Validator {
        private final String what;
        private final ConfigDef.Validator element;

        NonEmptyList(String what, ConfigDef.Validator element) {
            this.what = what;
            this.element = element;
        }

        @Override
        public void ensureValid(String name, Object value) {
            List<?> list = (List<?>) value;
            if (list == null || list.isEmpty()) {
                throw new ConfigException(name, value, "At least one " + what + " is required");
            }
            for (Object entry : list) {
                element.ensureValid(name, entry.toString());
            }
        }

        @Override
        public String toString() {
            return element + "[," + element + "...]";
        }
    }

    /** host:port. */
    private static final class HostPortValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = String.valueOf(value);
            int colon = s.lastIndexOf(':');
            if (colon <= 0
                    || colon == s.length() - 1
                    || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new ConfigException(name, value, "'" + s + "' is not host:port");
            }
        }

        @Override
        public String toString() {
            return "host:port";
        }
    }

    /** A single http or https URL; credentials in it are never echoed. */
    private static final class HttpUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = value == null ? "" : value.toString();
            if (!s.startsWith("http://") && !s.startsWith("https://") || s.indexOf("://") + 3 >= s.length()) {
                throw new ConfigException(name, UrlRedaction.redact(s), "Must be an http:// or https:// URL");
            }
        }

        @Override
        public String toString() {
            return "http(s)://host:port[/path]";
        }
    }

    /** user:password, both non-empty. */
    private static final class UserInfoValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String s = ((Password) value).value();
            int colon = s.indexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                // Never echo the value: it is a secret.
                throw new ConfigException(name, Password.HIDDEN, "Must be user:password");
            }
        }

        @Override
        public String toString() {
            return "user:password";
        }
    }
}

package io.recordflow.serde;

import io.recordflow.registry.BasicAuthCredentials;
import io.recordflow.registry.InMemorySchemaRegistryClient;
import io.recordflow.registry.RegistryRetry;
import io.recordflow.registry.RestSchemaRegistryClient;
import io.recordflow.registry.SchemaRegistryClient;
import io.recordflow.registry.TlsStores;
import io.recordflow.secrets.UrlRedaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration of the Avro serdes, with Confluent's keys so existing client configurations work
 * unchanged against any Confluent-compatible registry.
 */
public final class AvroSerdeConfig extends AbstractConfig {
    private static final Logger LOG = LoggerFactory.getLogger(AvroSerdeConfig.class);

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_KEY_TYPE_CONFIG = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE_CONFIG = "specific.avro.value.type";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";
    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final String RETRY_MAX_MS_CONFIG = "schema.registry.retry.max.ms";
    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD_CONFIG = "schema.registry.ssl.key.password";

    /** Credentials come from {@code basic.auth.user.info}. */
    public static final String SOURCE_USER_INFO = "USER_INFO";
    /** Credentials come from the user-info part of each URL ({@code http://user:pass@host}). */
    public static final String SOURCE_URL = "URL";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    SCHEMA_REGISTRY_URL_CONFIG,
                    Type.LIST,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new RegistryUrlValidator(),
                    Importance.HIGH,
                    "Comma-separated schema registry URLs (http or https), tried in order on connection "
                            + "failure or 5xx; or mock://SCOPE for an in-memory registry in unit tests.")
            .define(
                    AUTO_REGISTER_SCHEMAS_CONFIG,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Register the record's schema under the subject when serializing. When false, the "
                            + "schema must already be registered.")
            .define(
                    USE_LATEST_VERSION_CONFIG,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Serialize with the subject's latest registered schema instead of the record's own "
                            + "schema. Requires auto.register.schemas=false.")
            .define(
                    SPECIFIC_AVRO_READER_CONFIG,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Deserialize into generated SpecificRecord classes instead of GenericRecord.")
            .define(
                    SPECIFIC_AVRO_KEY_TYPE_CONFIG,
                    Type.CLASS,
                    null,
                    Importance.LOW,
                    "Generated class to read keys into; by default the class named by the writer schema.")
            .define(
                    SPECIFIC_AVRO_VALUE_TYPE_CONFIG,
                    Type.CLASS,
                    null,
                    Importance.LOW,
                    "Generated class to read values into; by default the class named by the writer schema.")
            .define(
                    BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG,
                    Type.STRING,
                    SOURCE_URL,
                    ConfigDef.ValidString.in(SOURCE_URL, SOURCE_USER_INFO),
                    Importance.MEDIUM,
                    "Where basic-auth credentials come from: URL (user info in the registry URLs, if "
                            + "any) or USER_INFO (basic.auth.user.info).")
            .define(
                    BASIC_AUTH_USER_INFO_CONFIG,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "Basic-auth credentials as user:password, used when basic.auth.credentials.source=" + "USER_INFO.")
            .define(
                    KEY_SUBJECT_NAME_STRATEGY_CONFIG,
                    Type.CLASS,
                    TopicNameStrategy.class,
                    new StrategyValidator(),
                    Importance.LOW,
                    "SubjectNameStrategy for keys; default <topic>-key.")
            .define(
                    VALUE_SUBJECT_NAME_STRATEGY_CONFIG,
                    Type.CLASS,
                    TopicNameStrategy.class,
                    new StrategyValidator(),
                    Importance.LOW,
                    "SubjectNameStrategy for values; default <topic>-value.")
            .define(
                    CONNECT_TIMEOUT_MS_CONFIG,
                    Type.INT,
                    10_000,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Milliseconds to wait for a TCP connection to a registry URL.")
            .define(
                    REQUEST_TIMEOUT_MS_CONFIG,
                    Type.INT,
                    30_000,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Milliseconds to wait for a registry answer before failing over.")
            .define(
                    RETRY_MAX_MS_CONFIG,
                    Type.LONG,
                    30_000L,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    "Milliseconds to keep retrying a registry request when no URL answers (connection refused, "
                            + "timeout, HTTP 5xx), with exponential backoff; 0 fails on the first pass. Error "
                            + "answers (4xx: incompatible schema, authentication) are never retried.")
            .define(
                    RETRY_BACKOFF_MS_CONFIG,
                    Type.LONG,
                    100L,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Milliseconds to wait before the first retry of a registry request; doubled after each "
                            + "failed attempt up to " + RETRY_BACKOFF_MAX_MS_CONFIG + ".")
            .define(
                    RETRY_BACKOFF_MAX_MS_CONFIG,
                    Type.LONG,
                    5_000L,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Upper bound in milliseconds of the wait between two retries of a registry request.")
            .define(
                    SSL_TRUSTSTORE_LOCATION_CONFIG,
                    Type.STRING,
                    null,
                    Importance.MEDIUM,
                    "Trust store with the registry's certificate (or its CA) for https:// URLs; without it the "
                            + "JVM's default trust store applies.")
            .define(
                    SSL_TRUSTSTORE_PASSWORD_CONFIG,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "Password of the registry trust store.")
            .define(
                    SSL_TRUSTSTORE_TYPE_CONFIG,
                    Type.STRING,
                    "PKCS12",
                    ConfigDef.ValidString.in("PKCS12", "JKS"),
                    Importance.LOW,
                    "Type of the registry trust store.")
            .define(
                    SSL_KEYSTORE_LOCATION_CONFIG,
                    Type.STRING,
                    null,
                    Importance.MEDIUM,
                    "Key store with the client certificate to present to the registry (mutual TLS).")
            .define(
                    SSL_KEYSTORE_PASSWORD_CONFIG,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "Password of the registry key store.")
            .define(
                    SSL_KEYSTORE_TYPE_CONFIG,
                    Type.STRING,
                    "PKCS12",
                    ConfigDef.ValidString.in("PKCS12", "JKS"),
                    Importance.LOW,
                    "Type of the registry key store.")
            .define(
                    SSL_KEY_PASSWORD_CONFIG,
                    Type.PASSWORD,
                    null,
                    Importance.LOW,
                    "Password of the client key in the key store, when it differs from the store's.");

    public AvroSerdeConfig(Map<?, ?> props) {
        // Not logged by AbstractConfig: URLs may carry credentials (basic.auth.credentials.source=URL).
        super(CONFIG_DEF, props, false);
        validate();
        LOG.info("Avro serde configuration: {}", redactedValues());
    }

    private Map<String, Object> redactedValues() {
        Map<String, Object> shown = new TreeMap<>(values());
        shown.put(
                SCHEMA_REGISTRY_URL_CONFIG,
                registryUrls().stream().map(UrlRedaction::redact).toList());
        return shown;
    }

    private void validate() {
        if (autoRegisterSchemas() && useLatestVersion()) {
            throw new ConfigException(
                    USE_LATEST_VERSION_CONFIG, true, "use.latest.version=true requires auto.register.schemas=false");
        }
        if (SOURCE_USER_INFO.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
            Password userInfo = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
            if (userInfo == null || userInfo.value().indexOf(':') <= 0) {
                throw new ConfigException(
                        BASIC_AUTH_USER_INFO_CONFIG,
                        userInfo,
                        "basic.auth.credentials.source=USER_INFO requires basic.auth.user.info=user:password");
            }
        }
    }

    public List<String> registryUrls() {
        return getList(SCHEMA_REGISTRY_URL_CONFIG);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION_CONFIG);
    }

    public boolean specificAvroReader() {
        return getBoolean(SPECIFIC_AVRO_READER_CONFIG);
    }

    /** The configured class to read keys or values into, if any. */
    public Optional<Class<?>> specificType(boolean isKey) {
        return Optional.ofNullable(getClass(isKey ? SPECIFIC_AVRO_KEY_TYPE_CONFIG : SPECIFIC_AVRO_VALUE_TYPE_CONFIG));
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return getConfiguredInstance(
                isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG : VALUE_SUBJECT_NAME_STRATEGY_CONFIG,
                SubjectNameStrategy.class);
    }

    /** Basic-auth credentials from {@code basic.auth.user.info}, when that is the source. */
    public Optional<BasicAuthCredentials> credentials() {
        if (!SOURCE_USER_INFO.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
            return Optional.empty();
        }
        return Optional.of(BasicAuthCredentials.parse(
                getPassword(BASIC_AUTH_USER_INFO_CONFIG).value()));
    }

    /** A new client for the configured URLs: in-memory for {@code mock://SCOPE}, REST otherwise. */
    public SchemaRegistryClient createClient() {
        List<String> urls = registryUrls();
        Optional<String> scope = InMemorySchemaRegistryClient.scopeOf(urls.get(0));
        if (scope.isPresent()) {
            return InMemorySchemaRegistryClient.forScope(scope.get());
        }
        return new RestSchemaRegistryClient(
                urls,
                credentials(),
                Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS_CONFIG)),
                Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS_CONFIG)),
                sslContext(),
                retry());
    }

    /** The retry policy for requests no registry URL answered. */
    public RegistryRetry retry() {
        return new RegistryRetry(
                Duration.ofMillis(getLong(RETRY_MAX_MS_CONFIG)),
                Duration.ofMillis(getLong(RETRY_BACKOFF_MS_CONFIG)),
                Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS_CONFIG)));
    }

    /** The TLS context from the schema.registry.ssl.* stores, when either store is configured. */
    public Optional<SSLContext> sslContext() {
        Optional<TlsStores.Store> trust =
                store(SSL_TRUSTSTORE_LOCATION_CONFIG, SSL_TRUSTSTORE_PASSWORD_CONFIG, SSL_TRUSTSTORE_TYPE_CONFIG);
        Optional<TlsStores.Store> keys =
                store(SSL_KEYSTORE_LOCATION_CONFIG, SSL_KEYSTORE_PASSWORD_CONFIG, SSL_KEYSTORE_TYPE_CONFIG);
        if (trust.isEmpty() && keys.isEmpty()) {
            return Optional.empty();
        }
        Password keyPassword = getPassword(SSL_KEY_PASSWORD_CONFIG);
        try {
            return Optional.of(TlsStores.context(
                    trust,
                    keys,
                    keyPassword == null ? null : keyPassword.value().toCharArray()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private Optional<TlsStores.Store> store(String locationKey, String passwordKey, String typeKey) {
        String location = getString(locationKey);
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        Password password = getPassword(passwordKey);
        return Optional.of(new TlsStores.Store(
                locationKey,
                Path.of(location),
                password == null ? null : password.value().toCharArray(),
                getString(typeKey)));
    }

    /** Validates the URL list: http(s) URLs, or one single mock:// URL. */
    private static final class RegistryUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> urls = (List<String>) value;
            if (urls == null || urls.isEmpty()) {
                throw new ConfigException(name, value, "At least one schema registry URL is required");
            }
            boolean mock = urls.stream().anyMatch(u -> u.startsWith(InMemorySchemaRegistryClient.MOCK_URL_PREFIX));
            if (mock && urls.size() > 1) {
                throw new ConfigException(name, value, "A mock:// URL cannot be combined with other URLs");
            }
            for (String url : urls) {
                if (!mock && !url.startsWith("http://") && !url.startsWith("https://")) {
                    throw new ConfigException(
                            name,
                            UrlRedaction.redact(url),
                            "Schema registry URLs must start with http:// or https:// (or be mock://SCOPE)");
                }
            }
        }

        @Override
        public String toString() {
            return "http(s)://host[:port][/path] list, or mock://SCOPE";
        }
    }

    /** Requires a SubjectNameStrategy implementation. */
    private static final class StrategyValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !SubjectNameStrategy.class.isAssignableFrom((Class<?>) value)) {
                throw new ConfigException(name, value, "Must implement " + SubjectNameStrategy.class.getName());
            }
        }

        @Override
        public String toString() {
            return "a " + SubjectNameStrategy.class.getSimpleName() + " class";
        }
    }
}

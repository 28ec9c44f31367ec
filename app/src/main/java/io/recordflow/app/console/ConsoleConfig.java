package io.recordflow.app.console;

import io.recordflow.app.config.ConfigSources;
import io.recordflow.app.metrics.MetricsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the review console ({@code recordflow console}, {@code recordflow run --serve}): where it listens,
 * TLS, the users file, session and sign-in limits, the blob store folders originals are served from and the records
 * schedule decisions are checked against. Read from the same {@code --config} file as the cluster settings.
 */
public final class ConsoleConfig extends AbstractConfig {

    public static final String BIND = "console.bind";
    public static final String PORT = "console.port";
    public static final String USERS_FILE = "console.users.file";
    public static final String SESSION_TIMEOUT_MS = "console.session.timeout.ms";
    public static final String SIGNIN_MAX_FAILURES = "console.signin.max.failures";
    public static final String SIGNIN_WINDOW_MS = "console.signin.window.ms";
    public static final String SNAPSHOT_MAX_AGE_MS = "console.snapshot.max.age.ms";
    public static final String SSL_KEYSTORE_LOCATION = "console.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "console.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "console.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "console.ssl.key.password";
    public static final String BLOB_ROOTS = "console.blob.roots";
    public static final String TAXONOMY = "console.taxonomy";

    /** Default port of the console. */
    public static final int DEFAULT_PORT = 8090;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    BIND,
                    Type.STRING,
                    MetricsServer.LOOPBACK,
                    ConfigDef.NonEmptyStringWithoutControlChars.nonEmptyStringWithoutControlChars(),
                    Importance.HIGH,
                    "Address the console listens on: 127.0.0.1 by default, so only this host can reach it; 0.0.0.0 "
                            + "(or ::) for every interface, with TLS (console.ssl.keystore.location) for a real deployment.")
            .define(
                    PORT,
                    Type.INT,
                    DEFAULT_PORT,
                    Range.between(0, 65_535),
                    Importance.HIGH,
                    "Port of the console; 0 picks a free one (printed at start).")
            .define(
                    USERS_FILE,
                    Type.STRING,
                    "console-users.txt",
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "The console's users file (name:role:salted PBKDF2 hash per line), written by "
                            + "'recordflow console add-user'.")
            .define(
                    SESSION_TIMEOUT_MS,
                    Type.LONG,
                    Duration.ofMinutes(30).toMillis(),
                    Range.between(
                            Duration.ofMinutes(1).toMillis(),
                            Duration.ofHours(24).toMillis()),
                    Importance.MEDIUM,
                    "Milliseconds a signed-in session may stay idle before it expires and the user must sign in again.")
            .define(
                    SIGNIN_MAX_FAILURES,
                    Type.INT,
                    5,
                    Range.between(1, 1_000),
                    Importance.MEDIUM,
                    "Failed sign-ins allowed per user name and per client address within console.signin.window.ms; "
                            + "further attempts are refused until the window has passed.")
            .define(
                    SIGNIN_WINDOW_MS,
                    Type.LONG,
                    Duration.ofMinutes(15).toMillis(),
                    Range.between(1_000, Duration.ofDays(1).toMillis()),
                    Importance.MEDIUM,
                    "The window of console.signin.max.failures, in milliseconds.")
            .define(
                    SNAPSHOT_MAX_AGE_MS,
                    Type.LONG,
                    3_000L,
                    Range.between(0, 60_000),
                    Importance.LOW,
                    "How long the console's pages reuse one read of what they show, in milliseconds (0: read on every "
                            + "request): the review and enriched topics (queue, record, records pages and the status "
                            + "page's review count), the dead-letter topic and its redrives, and the status page's "
                            + "topics, lag, model and charts. The console's own decisions and redrives drop it at "
                            + "once, and a decision or a redrive is always checked against a fresh read; changes "
                            + "made elsewhere show within this time.")
            .define(
                    SSL_KEYSTORE_LOCATION,
                    Type.STRING,
                    "",
                    new ConfigDef.NonNullValidator(),
                    Importance.HIGH,
                    "Key store with the console's TLS certificate and key; set, the console speaks HTTPS only and its "
                            + "cookies are Secure. Empty: plain HTTP (only sensible on 127.0.0.1).")
            .define(
                    SSL_KEYSTORE_PASSWORD,
                    Type.PASSWORD,
                    null,
                    Importance.HIGH,
                    "Password of console.ssl.keystore.location.")
            .define(
                    SSL_KEYSTORE_TYPE,
                    Type.STRING,
                    "PKCS12",
                    ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"),
                    Importance.LOW,
                    "Type of console.ssl.keystore.location: PKCS12 or JKS.")
            .define(
                    SSL_KEY_PASSWORD,
                    Type.PASSWORD,
                    null,
                    Importance.LOW,
                    "Password of the private key in the key store, when it differs from the store's password.")
            .define(
                    BLOB_ROOTS,
                    Type.LIST,
                    List.of(),
                    Importance.MEDIUM,
                    "Blob store folders the console serves originals from (the folder 'recordflow ingest' stores them "
                            + "in); a record's contentUri outside them is refused. Empty: no original is served.")
            .define(
                    TAXONOMY,
                    Type.STRING,
                    "default",
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Records schedule a reviewer picks categories from and decisions are checked against: the enrich "
                            + "service's taxonomy YAML, or 'default' for the shipped NARA GRS schedule.");

    public ConsoleConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props, false);
    }

    /** The console settings from {@code file} (may be null), then {@code RECORDFLOW_CONSOLE_*} variables, then {@code overrides}. */
    public static ConsoleConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, Object> merged = new HashMap<>(ConfigSources.read(file, env, CONFIG_DEF.names()::contains));
        overrides.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
            }
        });
        return new ConsoleConfig(merged);
    }

    public String bind() {
        return getString(BIND);
    }

    public int port() {
        return getInt(PORT);
    }

    public Path usersFile() {
        return Path.of(getString(USERS_FILE));
    }

    public Duration sessionTimeout() {
        return Duration.ofMillis(getLong(SESSION_TIMEOUT_MS));
    }

    public int signInMaxFailures() {
        return getInt(SIGNIN_MAX_FAILURES);
    }

    public Duration signInWindow() {
        return Duration.ofMillis(getLong(SIGNIN_WINDOW_MS));
    }

    public Duration snapshotMaxAge() {
        return Duration.ofMillis(getLong(SNAPSHOT_MAX_AGE_MS));
    }

    /** The TLS key store, when the console serves HTTPS. */
    public Optional<KeyStoreSettings> keyStore() {
        String location = getString(SSL_KEYSTORE_LOCATION);
        if (location.isBlank()) {
            return Optional.empty();
        }
        Password store = getPassword(SSL_KEYSTORE_PASSWORD);
        Password key = getPassword(SSL_KEY_PASSWORD);
        char[] storePassword = store == null ? new char[0] : store.value().toCharArray();
        return Optional.of(new KeyStoreSettings(
                Path.of(location),
                getString(SSL_KEYSTORE_TYPE),
                storePassword,
                key == null ? storePassword : key.value().toCharArray()));
    }

    /** Where the key store is and how to open it. */
    public record KeyStoreSettings(Path location, String type, char[] storePassword, char[] keyPassword) {}

    public List<Path> blobRoots() {
        return getList(BLOB_ROOTS).stream().map(Path::of).toList();
    }

    public String taxonomy() {
        return getString(TAXONOMY);
    }

    /** Every effective setting for the start-up log; passwords show as {@code [hidden]}. */
    public Map<String, String> masked() {
        Map<String, String> shown = new TreeMap<>();
        values().forEach((key, value) -> shown.put(key, String.valueOf(value)));
        return shown;
    }
}

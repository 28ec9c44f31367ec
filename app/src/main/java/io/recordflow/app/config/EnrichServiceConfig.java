package io.recordflow.app.config;

import io.recordflow.app.metrics.MetricsServer;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.registry.BasicAuthCredentials;
import io.recordflow.secrets.UrlRedaction;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the {@code recordflow enrich} service besides the cluster connection: Streams threads, state
 * folder and replication, the metrics address, port and credentials, and every {@code enrich.*} key of {@link EnrichConfig}.
 */
public final class EnrichServiceConfig extends AbstractConfig {

    public static final String NUM_STREAM_THREADS = StreamsConfig.NUM_STREAM_THREADS_CONFIG;
    public static final String STATE_DIR = StreamsConfig.STATE_DIR_CONFIG;
    public static final String REPLICATION_FACTOR = StreamsConfig.REPLICATION_FACTOR_CONFIG;
    public static final String METRICS_PORT = "metrics.port";
    public static final String METRICS_BIND = "metrics.bind";
    public static final String METRICS_BASIC_AUTH_USER_INFO = "metrics.basic.auth.user.info";
    /** Default port of /metrics and /health; {@code enrich.metrics.url}'s default (read by status) points at it. */
    public static final int DEFAULT_METRICS_PORT = 8080;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    NUM_STREAM_THREADS,
                    Type.INT,
                    1,
                    Range.between(1, 64),
                    Importance.MEDIUM,
                    "Kafka Streams threads of this instance; model calls run on their own pool (enrich.concurrency per task).")
            .define(
                    STATE_DIR,
                    Type.STRING,
                    "",
                    new ConfigDef.NonNullValidator(),
                    Importance.MEDIUM,
                    "Folder of the Streams state stores (pending records; the local copy of the shared analysis cache). Empty: Kafka Streams' default.")
            .define(
                    REPLICATION_FACTOR,
                    Type.INT,
                    -1,
                    Range.atLeast(-1),
                    Importance.MEDIUM,
                    "Replication factor of the changelog and repartition topics Streams creates; -1 uses the broker default.")
            .define(
                    METRICS_PORT,
                    Type.INT,
                    DEFAULT_METRICS_PORT,
                    Range.between(0, 65_535),
                    Importance.MEDIUM,
                    "Port of GET /metrics (Prometheus) and GET /health; 0 picks a free port (logged at start).")
            .define(
                    METRICS_BIND,
                    Type.STRING,
                    MetricsServer.LOOPBACK,
                    ConfigDef.NonEmptyStringWithoutControlChars.nonEmptyStringWithoutControlChars(),
                    Importance.MEDIUM,
                    "Address /metrics and /health listen on: 127.0.0.1 by default, so only this host can read them; "
                            + "0.0.0.0 (or ::) for every interface, e.g. for a Prometheus on another host.")
            .define(
                    METRICS_BASIC_AUTH_USER_INFO,
                    Type.PASSWORD,
                    null,
                    EnrichServiceConfig::validateUserInfo,
                    Importance.MEDIUM,
                    "user:password that every request to /metrics and /health must carry as HTTP basic authentication "
                            + "(401 otherwise). Empty: no authentication.");

    private static void validateUserInfo(String name, Object value) {
        if (value != null) {
            try {
                BasicAuthCredentials.parse(((Password) value).value());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, Password.HIDDEN, e.getMessage());
            }
        }
    }

    private final ClientConfig client;
    private final EnrichConfig enrich;

    /**
     * @param client the cluster connection (bootstrap servers, security, registry, application id)
     * @param settings service and {@code enrich.*} settings, e.g. from {@link #read}
     * @param env the process environment, for {@code OLLAMA_HOST}
     */
    public EnrichServiceConfig(ClientConfig client, Map<String, ?> settings, Map<String, String> env) {
        super(CONFIG_DEF, only(settings, CONFIG_DEF.names()), false);
        this.client = client;
        this.enrich = new EnrichConfig(only(settings, EnrichConfig.CONFIG.names()), env);
    }

    /** This service's settings (not the client ones) from {@code file} then {@code RECORDFLOW_*} variables. */
    public static Map<String, String> read(Path file, Map<String, String> env) {
        return ConfigSources.read(file, env, EnrichServiceConfig::isOwnKey);
    }

    /** True for keys the enrich service reads: client settings, its own and {@code enrich.*} of EnrichConfig. */
    public static boolean isKnown(String key) {
        return ClientConfig.isKnown(key) || isOwnKey(key);
    }

    private static boolean isOwnKey(String key) {
        return CONFIG_DEF.names().contains(key) || EnrichConfig.CONFIG.names().contains(key);
    }

    private static Map<String, Object> only(Map<String, ?> settings, Set<String> names) {
        Map<String, Object> selected = new HashMap<>();
        settings.forEach((key, value) -> {
            if (names.contains(key)) {
                selected.put(key, value);
            }
        });
        return selected;
    }

    public ClientConfig client() {
        return client;
    }

    public EnrichConfig enrich() {
        return enrich;
    }

    public int numStreamThreads() {
        return getInt(NUM_STREAM_THREADS);
    }

    public String stateDir() {
        return getString(STATE_DIR);
    }

    public int replicationFactor() {
        return getInt(REPLICATION_FACTOR);
    }

    public int metricsPort() {
        return getInt(METRICS_PORT);
    }

    /** Where /metrics and /health listen and the credentials they require, if any. */
    public MetricsServer.Endpoint metricsEndpoint() {
        Password userInfo = getPassword(METRICS_BASIC_AUTH_USER_INFO);
        return new MetricsServer.Endpoint(
                getString(METRICS_BIND),
                metricsPort(),
                Optional.ofNullable(userInfo).map(p -> BasicAuthCredentials.parse(p.value())));
    }

    /** Every effective setting for the start-up log; passwords show as {@code [hidden]}, URL credentials redacted. */
    public Map<String, String> masked() {
        Map<String, String> shown = new TreeMap<>(client.masked());
        values().forEach((key, value) -> shown.put(key, String.valueOf(value)));
        enrich.values().forEach((key, value) -> {
            String text = value instanceof Password ? Password.HIDDEN : String.valueOf(value);
            shown.put(key, key.endsWith(".url") ? UrlRedaction.redact(text) : text);
        });
        shown.put(EnrichConfig.BASE_URL, UrlRedaction.redact(enrich.baseUrl()));
        shown.put(EnrichConfig.MODEL, enrich.model());
        return shown;
    }
}

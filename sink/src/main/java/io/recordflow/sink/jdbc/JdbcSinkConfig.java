package io.recordflow.sink.jdbc;

import io.recordflow.secrets.UrlRedaction;
import io.recordflow.sink.delivery.RetrySettings;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Configuration of {@link RecordsJdbcSinkConnector}. */
public final class JdbcSinkConfig extends AbstractConfig {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSinkConfig.class);

    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USER = "connection.user";
    public static final String CONNECTION_PASSWORD = "connection.password";
    public static final String POOL_SIZE = "connection.pool.size";
    public static final String CONNECTION_TIMEOUT_MS = "connection.timeout.ms";
    public static final String TABLE_SCHEMA = "table.schema";
    public static final String TABLE_NAME = "table.name";
    public static final String SCHEMA_MODE = "schema.mode";
    public static final String TEXT_SEARCH_CONFIG = "text.search.config";
    public static final String BATCH_SIZE = "batch.size";
    public static final String DELETE_ENABLED = "delete.enabled";
    public static final String MAX_RETRIES = RetrySettings.MAX_RETRIES;
    public static final String RETRY_BACKOFF_MS = RetrySettings.RETRY_BACKOFF_MS;
    public static final String RETRY_BACKOFF_MAX_MS = RetrySettings.RETRY_BACKOFF_MAX_MS;

    public static final String MODE_CREATE = "create";
    public static final String MODE_VALIDATE = "validate";

    private static final String IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

    public static final ConfigDef CONFIG_DEF = RetrySettings.define(
                    new ConfigDef(), "connection lost, serialization failure, admin shutdown")
            .define(
                    CONNECTION_URL,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new JdbcUrlValidator(),
                    Importance.HIGH,
                    "PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/records.")
            .define(
                    CONNECTION_USER,
                    Type.STRING,
                    null,
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    Importance.HIGH,
                    "Database user; leave unset to take it from the URL.")
            .define(
                    CONNECTION_PASSWORD,
                    Type.PASSWORD,
                    null,
                    Importance.HIGH,
                    "Database password; requires " + CONNECTION_USER + ".")
            .define(
                    POOL_SIZE,
                    Type.INT,
                    2,
                    Range.between(1, 32),
                    Importance.LOW,
                    "Maximum connections per task in the HikariCP pool.")
            .define(
                    CONNECTION_TIMEOUT_MS,
                    Type.LONG,
                    10_000L,
                    Range.between(250L, 300_000L),
                    Importance.LOW,
                    "How long a task waits for a pooled connection before the attempt counts as a transient failure.")
            .define(
                    TABLE_SCHEMA,
                    Type.STRING,
                    "public",
                    ValidIdentifier.INSTANCE,
                    Importance.MEDIUM,
                    "Database schema holding the records table (lower-case SQL identifier).")
            .define(
                    TABLE_NAME,
                    Type.STRING,
                    "records",
                    ValidIdentifier.INSTANCE,
                    Importance.MEDIUM,
                    "Name of the records table (lower-case SQL identifier).")
            .define(
                    SCHEMA_MODE,
                    Type.STRING,
                    MODE_CREATE,
                    ValidString.in(MODE_CREATE, MODE_VALIDATE),
                    Importance.MEDIUM,
                    "'create': create the schema, table and indexes on start when missing; 'validate': only check that an "
                            + "existing table has the expected columns and fail otherwise.")
            .define(
                    TEXT_SEARCH_CONFIG,
                    Type.STRING,
                    "english",
                    ValidIdentifier.INSTANCE,
                    Importance.LOW,
                    "PostgreSQL text search configuration of the full-text index on title, summary and text.")
            .define(
                    BATCH_SIZE,
                    Type.INT,
                    500,
                    Range.between(1, 10_000),
                    Importance.MEDIUM,
                    "Records written per database transaction.")
            .define(
                    DELETE_ENABLED,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Whether a tombstone (null value) deletes the row of its key; when false tombstones are skipped.");

    public JdbcSinkConfig(Map<String, String> props) {
        // AbstractConfig's own log prints connection.url as given, with any password in it: log a redacted copy.
        super(CONFIG_DEF, props, false);
        LOG.info("JDBC sink configuration: {}", shown());
    }

    /** Every value as it may be logged: passwords {@code [hidden]}, credentials in the connection URL redacted. */
    public Map<String, Object> shown() {
        Map<String, Object> shown = new TreeMap<>(values());
        shown.computeIfPresent(CONNECTION_URL, (key, url) -> UrlRedaction.redact((String) url));
        return shown;
    }

    public String url() {
        return getString(CONNECTION_URL);
    }

    public String user() {
        return getString(CONNECTION_USER);
    }

    public String password() {
        Password password = getPassword(CONNECTION_PASSWORD);
        return password == null ? null : password.value();
    }

    public String tableSchema() {
        return getString(TABLE_SCHEMA);
    }

    public String tableName() {
        return getString(TABLE_NAME);
    }

    public boolean createSchema() {
        return MODE_CREATE.equals(getString(SCHEMA_MODE));
    }

    public String textSearchConfig() {
        return getString(TEXT_SEARCH_CONFIG);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public boolean deleteEnabled() {
        return getBoolean(DELETE_ENABLED);
    }

    /** Backoff before retry number {@code attempt} (1-based): exponential, capped. */
    public long backoffMillis(int attempt) {
        return RetrySettings.backoffMillis(this, attempt);
    }

    public int poolSize() {
        return getInt(POOL_SIZE);
    }

    public long connectionTimeoutMs() {
        return getLong(CONNECTION_TIMEOUT_MS);
    }

    /** Validates lower-case SQL identifiers, so they can be quoted safely into DDL. */
    static final class ValidIdentifier implements ConfigDef.Validator {
        static final ValidIdentifier INSTANCE = new ValidIdentifier();

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !value.toString().matches(IDENTIFIER)) {
                throw new ConfigException(name, value, "must match " + IDENTIFIER);
            }
        }

        @Override
        public String toString() {
            return "SQL identifier matching " + IDENTIFIER;
        }
    }

    /** Accepts PostgreSQL JDBC URLs only: the DDL and upsert are PostgreSQL's. */
    static final class JdbcUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !value.toString().startsWith("jdbc:postgresql:")) {
                throw new ConfigException(name, value, "must be a PostgreSQL JDBC URL starting with jdbc:postgresql:");
            }
        }

        @Override
        public String toString() {
            return "jdbc:postgresql://host:port/database";
        }
    }
}

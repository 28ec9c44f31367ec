package io.recordflow.sink.jdbc;

import io.recordflow.secrets.UrlRedaction;
import io.recordflow.sink.connector.RecordsSinkConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.Task;

/**
 * Kafka Connect sink delivering {@code EnrichedRecord}s into a PostgreSQL records table with idempotent,
 * newest-enrichment-wins upserts.
 */
public class RecordsJdbcSinkConnector extends RecordsSinkConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return RecordsJdbcSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return JdbcSinkConfig.CONFIG_DEF;
    }

    /** A password needs a user; a well-formed URL must also reach the database. */
    @Override
    protected void validateAcrossFields(Map<String, ConfigValue> values) {
        ConfigValue user = values.get(JdbcSinkConfig.CONNECTION_USER);
        ConfigValue password = values.get(JdbcSinkConfig.CONNECTION_PASSWORD);
        if (password.value() != null && user.value() == null) {
            user.addErrorMessage(JdbcSinkConfig.CONNECTION_USER + " is required when "
                    + JdbcSinkConfig.CONNECTION_PASSWORD + " is set");
        }
        ConfigValue url = values.get(JdbcSinkConfig.CONNECTION_URL);
        if (url.errorMessages().isEmpty() && user.errorMessages().isEmpty() && url.value() != null) {
            checkConnection(url, (String) user.value(), (Password) password.value());
        }
    }

    private static void checkConnection(ConfigValue url, String user, Password password) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password.value());
        }
        properties.setProperty("connectTimeout", "5");
        try (Connection connection = new org.postgresql.Driver().connect((String) url.value(), properties)) {
            if (connection == null) {
                url.addErrorMessage("Not a PostgreSQL JDBC URL: " + UrlRedaction.redact((String) url.value()));
            }
        } catch (SQLException e) {
            url.addErrorMessage(
                    "Cannot connect to " + UrlRedaction.redact((String) url.value()) + ": " + e.getMessage());
        }
    }
}

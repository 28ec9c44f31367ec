package io.recordflow.sink.jdbc;

import io.recordflow.sink.version.SinkVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink delivering {@code EnrichedRecord}s into a PostgreSQL records table with idempotent,
 * newest-enrichment-wins upserts.
 */
public class RecordsJdbcSinkConnector extends SinkConnector {

  private Map<String, String> props;

  @Override
  public String version() {
    return SinkVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    new JdbcSinkConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return RecordsJdbcSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      configs.add(new HashMap<>(props));
    }
    return configs;
  }

  @Override
  public void stop() {
    // Tasks own the connections; nothing to release here.
  }

  @Override
  public ConfigDef config() {
    return JdbcSinkConfig.CONFIG_DEF;
  }

  /** Adds cross-field rules and a connection check to the per-key validation. */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, ConfigValue> values = new HashMap<>();
    config.configValues().forEach(v -> values.put(v.name(), v));
    ConfigValue user = values.get(JdbcSinkConfig.CONNECTION_USER);
    ConfigValue password = values.get(JdbcSinkConfig.CONNECTION_PASSWORD);
    if (password.value() != null && user.value() == null) {
      user.addErrorMessage(JdbcSinkConfig.CONNECTION_USER + " is required when "
          + JdbcSinkConfig.CONNECTION_PASSWORD + " is set");
    }
    ConfigValue backoff = values.get(JdbcSinkConfig.RETRY_BACKOFF_MS);
    ConfigValue backoffMax = values.get(JdbcSinkConfig.RETRY_BACKOFF_MAX_MS);
    if (backoff.value() instanceof Long initial && backoffMax.value() instanceof Long max && max < initial) {
      backoffMax.addErrorMessage(JdbcSinkConfig.RETRY_BACKOFF_MAX_MS + " (" + max + ") must not be below "
          + JdbcSinkConfig.RETRY_BACKOFF_MS + " (" + initial + ")");
    }
    ConfigValue url = values.get(JdbcSinkConfig.CONNECTION_URL);
    if (url.errorMessages().isEmpty() && user.errorMessages().isEmpty() && url.value() != null) {
      checkConnection(url, (String) user.value(), (Password) password.value());
    }
    return config;
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
        url.addErrorMessage("Not a PostgreSQL JDBC URL: " + url.value());
      }
    } catch (SQLException e) {
      url.addErrorMessage("Cannot connect to " + url.value() + ": " + e.getMessage());
    }
  }
}

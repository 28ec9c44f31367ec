package io.recordflow.sink.connector;

import io.recordflow.sink.delivery.RetrySettings;
import io.recordflow.sink.version.SinkVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * What RecordFlow's sink connectors share: configuration checked on start, identical task configs numbered
 * with {@link #TASK_ID}, and validation that adds the retry rules and each connector's cross-field rules.
 */
public abstract class RecordsSinkConnector extends SinkConnector {

  /** Added to each task's config: tasks sharing a resource (an archive directory) keep separate working areas. */
  public static final String TASK_ID = "recordflow.task.id";

  private Map<String, String> props;

  @Override
  public String version() {
    return SinkVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config().parse(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> config = new HashMap<>(props);
      config.put(TASK_ID, "task-" + i);
      configs.add(config);
    }
    return configs;
  }

  @Override
  public void stop() {
    // Tasks own connections and files; the connector holds nothing to release.
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, ConfigValue> values = new HashMap<>();
    config.configValues().forEach(v -> values.put(v.name(), v));
    RetrySettings.validate(values);
    validateAcrossFields(values);
    return config;
  }

  /** Adds error messages for rules that involve several settings; single-key rules live in the ConfigDef. */
  protected abstract void validateAcrossFields(Map<String, ConfigValue> values);
}

package io.recordflow.embedded.connect;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** A test sink that keeps every record it is given, found by the worker through META-INF/services. */
public class CollectingSinkConnector extends SinkConnector {

    static final List<String> VALUES = new CopyOnWriteArrayList<>();

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CollectingTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "test";
    }

    /** Appends each record's value to {@link #VALUES}. */
    public static class CollectingTask extends SinkTask {

        @Override
        public void start(Map<String, String> props) {}

        @Override
        public void put(Collection<SinkRecord> records) {
            records.forEach(r -> VALUES.add((String) r.value()));
        }

        @Override
        public void stop() {}

        @Override
        public String version() {
            return "test";
        }
    }
}

package io.recordflow.sink.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.recordflow.secrets.UrlRedaction;
import io.recordflow.sink.delivery.BadRecordReporter;
import io.recordflow.sink.delivery.DurableOffsets;
import io.recordflow.sink.delivery.RetrySettings;
import io.recordflow.sink.delivery.TransientRetries;
import io.recordflow.sink.version.SinkVersion;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** Sink task writing enriched records into PostgreSQL through {@link RecordsJdbcWriter}. */
public class RecordsJdbcSinkTask extends SinkTask {

    private JdbcSinkConfig config;
    private HikariDataSource dataSource;
    private RecordsJdbcWriter writer;
    private BadRecordReporter badRecords;
    private TransientRetries retries;
    private final DurableOffsets durable = new DurableOffsets();

    @Override
    public String version() {
        return SinkVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSinkConfig(props);
        dataSource = new HikariDataSource(poolConfig(config));
        badRecords = BadRecordReporter.of(context);
        retries = RetrySettings.retries(config, context);
        PostgresRecordsTable table =
                new PostgresRecordsTable(config.tableSchema(), config.tableName(), config.textSearchConfig());
        writer = new RecordsJdbcWriter(dataSource, table, config.deleteEnabled(), badRecords);
        try {
            writer.prepareTable(config.createSchema());
        } catch (SQLException e) {
            dataSource.close();
            throw new ConnectException(
                    "Cannot prepare " + table.qualifiedName() + " at " + UrlRedaction.redact(config.url()) + ": "
                            + e.getMessage(),
                    e);
        }
    }

    static HikariConfig poolConfig(JdbcSinkConfig config) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(config.url());
        pool.setUsername(config.user());
        pool.setPassword(config.password());
        pool.setMaximumPoolSize(config.poolSize());
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(config.connectionTimeoutMs());
        pool.setAutoCommit(false);
        pool.setPoolName("recordflow-jdbc-sink-" + config.tableSchema() + "." + config.tableName());
        // Start without a database: the first put() then fails transiently and is retried.
        pool.setInitializationFailTimeout(-1);
        // Operators (and the ITs) can tell the sink's sessions apart in pg_stat_activity.
        pool.addDataSourceProperty("ApplicationName", applicationName(config));
        // Sends each batch as multi-row INSERTs; the writer keeps one version per record in a batch for this.
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        return pool;
    }

    static String applicationName(JdbcSinkConfig config) {
        String name = "recordflow-jdbc-sink " + config.tableSchema() + "." + config.tableName();
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        List<SinkRecord> all = new ArrayList<>(records);
        int batchSize = config.batchSize();
        try {
            for (int from = 0; from < all.size(); from += batchSize) {
                List<SinkRecord> batch = all.subList(from, Math.min(all.size(), from + batchSize));
                writer.write(batch);
                durable.markDone(batch);
            }
            retries.succeeded();
        } catch (SQLException e) {
            throw retries.failed("Writing " + all.size() + " records to PostgreSQL", e);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        badRecords.awaitReported();
        return durable.committable(currentOffsets);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        durable.forget(partitions);
    }

    @Override
    public void stop() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}

package io.recordflow.sink.jdbc;

import io.recordflow.records.EnrichmentVersion;
import io.recordflow.sink.delivery.BadRecordReporter;
import io.recordflow.sink.record.EnrichedStruct;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of enriched records into the records table, one transaction per batch. A batch that hits a
 * bad record is replayed statement by statement under savepoints so that only the bad record goes to the
 * dead-letter queue. Transient SQL failures escape as {@link SQLException} for the task to retry.
 */
final class RecordsJdbcWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsJdbcWriter.class);

    private final DataSource dataSource;
    private final PostgresRecordsTable table;
    private final boolean deleteEnabled;
    private final BadRecordReporter badRecords;
    private final String upsertSql;
    private final String deleteSql;

    RecordsJdbcWriter(
            DataSource dataSource, PostgresRecordsTable table, boolean deleteEnabled, BadRecordReporter badRecords) {
        this.dataSource = dataSource;
        this.table = table;
        this.deleteEnabled = deleteEnabled;
        this.badRecords = badRecords;
        this.upsertSql = table.upsertSql();
        this.deleteSql = table.deleteSql();
    }

    /** Creates the table when allowed, else checks the existing one. */
    void prepareTable(boolean create) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (create) {
                table.create(connection);
            } else {
                table.validate(connection);
            }
        }
    }

    /** Writes one batch in one transaction; bad records are reported, transient failures thrown. */
    void write(List<SinkRecord> records) throws SQLException {
        List<Operation> operations = toOperations(records);
        if (operations.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                executeBatched(connection, operations);
                connection.commit();
            } catch (SQLException e) {
                rollback(connection, e);
                SqlFailure kind = SqlFailure.classify(e);
                if (kind == SqlFailure.TRANSIENT) {
                    throw e;
                }
                if (kind == SqlFailure.FATAL) {
                    throw fatal(operations.get(0).record(), e);
                }
                LOG.info(
                        "Batch of {} records hit a bad record ({}); writing them one by one",
                        operations.size(),
                        e.getMessage());
                executeOneByOne(connection, operations);
                connection.commit();
            }
        }
    }

    private List<Operation> toOperations(List<SinkRecord> records) {
        List<Operation> operations = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            try {
                if (record.value() == null) {
                    if (deleteEnabled) {
                        operations.add(Operation.delete(record, deleteKey(record)));
                    }
                    continue;
                }
                EnrichedStruct enriched = EnrichedStruct.of(record);
                Object[] values = new Object[RecordColumns.ALL.size()];
                for (int i = 0; i < values.length; i++) {
                    // NULs cannot be stored; the attributes column says which fields lost them
                    values[i] =
                            NulCharacters.strip(RecordColumns.ALL.get(i).value().apply(enriched));
                }
                operations.add(Operation.upsert(record, enriched, values));
            } catch (DataException | ClassCastException e) {
                badRecords.report(record, new DataException("Invalid EnrichedRecord: " + e.getMessage(), e));
            }
        }
        return operations;
    }

    private static String deleteKey(SinkRecord record) {
        if (record.key() == null) {
            throw new DataException("Tombstone without a key at " + record.topic() + "-" + record.kafkaPartition()
                    + " offset " + record.kafkaOffset() + ": cannot tell which record to delete");
        }
        return record.key().toString();
    }

    /**
     * Runs the operations as JDBC batches, in order. Within a run of upserts only the winning version of each
     * record is sent, which gives the same result as applying them one after another (the upsert keeps the newest)
     * and lets the driver rewrite the run into multi-row INSERTs, where one record may appear only once.
     */
    private void executeBatched(Connection connection, List<Operation> operations) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(upsertSql);
                PreparedStatement delete = connection.prepareStatement(deleteSql)) {
            Map<String, Operation> upserts = new LinkedHashMap<>();
            boolean pendingDeletes = false;
            for (Operation operation : operations) {
                if (operation.isDelete()) {
                    executeUpserts(upsert, upserts);
                    operation.bind(delete);
                    delete.addBatch();
                    pendingDeletes = true;
                } else {
                    if (pendingDeletes) {
                        delete.executeBatch();
                        pendingDeletes = false;
                    }
                    upserts.merge(operation.key(), operation, Operation::newer);
                }
            }
            executeUpserts(upsert, upserts);
            if (pendingDeletes) {
                delete.executeBatch();
            }
        }
    }

    private static void executeUpserts(PreparedStatement upsert, Map<String, Operation> upserts) throws SQLException {
        if (upserts.isEmpty()) {
            return;
        }
        for (Operation operation : upserts.values()) {
            operation.bind(upsert);
            upsert.addBatch();
        }
        upsert.executeBatch();
        upserts.clear();
    }

    private void executeOneByOne(Connection connection, List<Operation> operations) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(upsertSql);
                PreparedStatement delete = connection.prepareStatement(deleteSql)) {
            for (Operation operation : operations) {
                PreparedStatement statement = operation.isDelete() ? delete : upsert;
                Savepoint savepoint = connection.setSavepoint();
                try {
                    operation.bind(statement);
                    statement.executeUpdate();
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    SqlFailure kind = SqlFailure.classify(e);
                    if (kind != SqlFailure.BAD_RECORD) {
                        rollback(connection, e);
                        if (kind == SqlFailure.TRANSIENT) {
                            throw e;
                        }
                        throw fatal(operation.record(), e);
                    }
                    connection.rollback(savepoint);
                    badRecords.report(
                            operation.record(),
                            new DataException(
                                    "Rejected by " + table.qualifiedName() + " (SQLState " + e.getSQLState() + "): "
                                            + e.getMessage(),
                                    e));
                }
            }
        }
    }

    private ConnectException fatal(SinkRecord record, SQLException e) {
        return new ConnectException(
                "Cannot write to " + table.qualifiedName() + " (SQLState " + e.getSQLState()
                        + ") at " + record.topic() + "-" + record.kafkaPartition() + " offset " + record.kafkaOffset()
                        + ": "
                        + e.getMessage(),
                e);
    }

    private static void rollback(Connection connection, SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            // The connection is usually gone already; keep the reason with the original failure.
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** One statement to run for one sink record. */
    private record Operation(SinkRecord record, String key, Object[] values, EnrichmentVersion version) {
        static Operation upsert(SinkRecord record, EnrichedStruct enriched, Object[] values) {
            return new Operation(record, enriched.recordId(), values, enriched.version());
        }

        static Operation delete(SinkRecord record, String key) {
            return new Operation(record, key, null, null);
        }

        /** The operation the table keeps of two upserts of one record; the later one on a tie, like the SQL. */
        static Operation newer(Operation earlier, Operation later) {
            return later.version.replaces(earlier.version) ? later : earlier;
        }

        boolean isDelete() {
            return values == null;
        }

        void bind(PreparedStatement statement) throws SQLException {
            if (isDelete()) {
                statement.setString(1, key);
                return;
            }
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
        }
    }
}

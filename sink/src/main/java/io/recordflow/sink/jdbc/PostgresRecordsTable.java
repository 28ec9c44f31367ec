package io.recordflow.sink.jdbc;

import io.recordflow.records.HumanProvenance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * PostgreSQL DDL and DML of the records table: creation or validation of the schema, and the upsert that keeps the
 * latest enrichment of each record by {@link io.recordflow.records.EnrichmentVersion}'s rule (a human decision over
 * model output, then enrichedAt, then model version).
 */
final class PostgresRecordsTable {

    private final String schema;
    private final String table;
    private final String textSearchConfig;

    PostgresRecordsTable(String schema, String table, String textSearchConfig) {
        this.schema = schema;
        this.table = table;
        this.textSearchConfig = textSearchConfig;
    }

    String qualifiedName() {
        return '"' + schema + "\".\"" + table + '"';
    }

    List<String> createStatements() {
        String columns = RecordColumns.ALL.stream()
                .map(c ->
                        "  " + c.name() + " " + c.sqlType() + (c.constraints().isEmpty() ? "" : " " + c.constraints()))
                .collect(Collectors.joining(",\n"));
        String search = "  search tsvector GENERATED ALWAYS AS (to_tsvector('" + textSearchConfig
                + "', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(text, ''))) STORED";
        return List.of(
                "CREATE SCHEMA IF NOT EXISTS \"" + schema + '"',
                "CREATE TABLE IF NOT EXISTS " + qualifiedName() + " (\n" + columns + ",\n" + search
                        + ",\n  written_at timestamptz NOT NULL DEFAULT now()\n)",
                "CREATE INDEX IF NOT EXISTS \"" + table + "_search_idx\" ON " + qualifiedName() + " USING gin (search)",
                "CREATE INDEX IF NOT EXISTS \"" + table + "_classification_idx\" ON " + qualifiedName()
                        + " (classification_code)",
                "CREATE INDEX IF NOT EXISTS \"" + table + "_attributes_idx\" ON " + qualifiedName()
                        + " USING gin (attributes jsonb_path_ops)");
    }

    /** Creates schema, table and indexes when missing; concurrent tasks may race, so each step is idempotent. */
    void create(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // Serialises concurrent tasks creating the same table (CREATE ... IF NOT EXISTS is not race-free).
            statement.execute(
                    "SELECT pg_advisory_xact_lock(hashtext('" + qualifiedName().replace("'", "''") + "'))");
            for (String ddl : createStatements()) {
                statement.execute(ddl);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Fails with one message listing every missing or mistyped column. */
    void validate(Connection connection) throws SQLException {
        Map<String, String> actual = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    actual.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        if (actual.isEmpty()) {
            throw new ConnectException("Table " + qualifiedName() + " does not exist and " + JdbcSinkConfig.SCHEMA_MODE
                    + " is '" + JdbcSinkConfig.MODE_VALIDATE + "'; create it or set " + JdbcSinkConfig.SCHEMA_MODE
                    + "=create");
        }
        List<String> problems = new ArrayList<>();
        for (RecordColumns.Column column : RecordColumns.ALL) {
            String type = actual.get(column.name());
            if (type == null) {
                problems.add("missing column " + column.name());
            } else if (!informationSchemaType(column.sqlType()).equals(type)) {
                problems.add("column " + column.name() + " is " + type + ", expected " + column.sqlType());
            }
        }
        if (!hasUniqueRecordId(connection)) {
            problems.add("record_id has no primary key or unique constraint (needed by ON CONFLICT)");
        }
        if (!problems.isEmpty()) {
            throw new ConnectException(
                    "Table " + qualifiedName() + " does not match the records schema: " + String.join("; ", problems));
        }
    }

    private boolean hasUniqueRecordId(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                        + "WHERE i.indrelid = ?::regclass AND i.indisunique AND i.indnatts = 1 AND a.attname = 'record_id'")) {
            query.setString(1, qualifiedName());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String informationSchemaType(String sqlType) {
        return switch (sqlType) {
            case "timestamptz" -> "timestamp with time zone";
            default -> sqlType;
        };
    }

    /** Upsert that leaves a stored row alone when it holds a newer enrichment than the incoming one. */
    String upsertSql() {
        List<RecordColumns.Column> columns = RecordColumns.ALL;
        String names = columns.stream().map(RecordColumns.Column::name).collect(Collectors.joining(", "));
        String values = columns.stream().map(RecordColumns.Column::placeholder).collect(Collectors.joining(", "));
        String updates = columns.stream()
                .filter(c -> !c.name().equals(RecordColumns.RECORD_ID))
                .map(c -> c.name() + " = EXCLUDED." + c.name())
                .collect(Collectors.joining(", "));
        // EnrichmentVersion's rule as a row comparison: a human decision outranks any model enrichment
        // (false < true), then enrichedAt, then the model version breaks ties; equal rows are rewritten (idempotent
        // replay, EnrichmentVersion.replaces). The model version compares in code-point order (COLLATE "C"), as in
        // Java, not in the database's collation. The provider is read from the attributes JSON, so existing tables
        // need no new column.
        return "INSERT INTO " + qualifiedName() + " AS t (" + names + ") VALUES (" + values + ")"
                + " ON CONFLICT (" + RecordColumns.RECORD_ID + ") DO UPDATE SET " + updates + ", written_at = now()"
                + " WHERE " + version("t") + " <= " + version("EXCLUDED");
    }

    private static String version(String row) {
        return "(" + isHuman(row) + ", " + row + "." + RecordColumns.ENRICHED_AT + ", " + row + "."
                + RecordColumns.MODEL_VERSION + " COLLATE \"C\")";
    }

    private static String isHuman(String row) {
        return "coalesce(" + row + "." + RecordColumns.ATTRIBUTES + " #>> '{provenance,provider}', '') = '"
                + HumanProvenance.PROVIDER + "'";
    }

    String deleteSql() {
        return "DELETE FROM " + qualifiedName() + " WHERE " + RecordColumns.RECORD_ID + " = ?";
    }
}

package io.recordflow.sink.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * What a failed statement means for the sink: retry the batch later, send one record to the dead-letter
 * queue, or stop the task because no record can be written (wrong table, permissions).
 */
enum SqlFailure {
    /** The database or the connection failed; the same batch may succeed later. */
    TRANSIENT,
    /** This record cannot be stored (data exception or constraint violation); others can. */
    BAD_RECORD,
    /** No record can be written until an operator acts. */
    FATAL;

    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03", // lock_not_available
            "57014", // query_canceled (statement timeout)
            "57P01", // admin_shutdown (pg_terminate_backend)
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now (starting up)
            "53000", "53100", "53200",
            "53300"); // insufficient resources: disk full, out of memory, too many connections

    static SqlFailure classify(SQLException failure) {
        for (SQLException e = failure; e != null; e = e.getNextException()) {
            SqlFailure kind = classifyOne(e);
            if (kind != FATAL) {
                return kind;
            }
        }
        // No SQLState at all usually means the driver lost its socket.
        return failure.getSQLState() == null ? TRANSIENT : FATAL;
    }

    private static SqlFailure classifyOne(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return TRANSIENT;
        }
        String state = e.getSQLState();
        if (state == null) {
            return FATAL;
        }
        if (state.startsWith("08") || TRANSIENT_STATES.contains(state)) {
            return TRANSIENT;
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return BAD_RECORD;
        }
        return FATAL;
    }
}

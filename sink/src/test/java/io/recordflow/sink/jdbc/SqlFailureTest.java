package io.recordflow.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlFailureTest {

  @Test
  void shouldTreatLostConnectionsShutdownsAndSerializationFailuresAsTransient() {
    assertThat(SqlFailure.classify(new SQLException("gone", "08006"))).isEqualTo(SqlFailure.TRANSIENT);
    assertThat(SqlFailure.classify(new SQLException("terminated", "57P01"))).isEqualTo(SqlFailure.TRANSIENT);
    assertThat(SqlFailure.classify(new SQLException("serialize", "40001"))).isEqualTo(SqlFailure.TRANSIENT);
    assertThat(SqlFailure.classify(new SQLException("disk full", "53100"))).isEqualTo(SqlFailure.TRANSIENT);
    assertThat(SqlFailure.classify(new SQLTransientConnectionException("pool timeout")))
        .isEqualTo(SqlFailure.TRANSIENT);
  }

  @Test
  void shouldTreatDataAndConstraintErrorsAsBadRecordsEvenInsideABatchException() {
    assertThat(SqlFailure.classify(new SQLException("check", "23514"))).isEqualTo(SqlFailure.BAD_RECORD);
    assertThat(SqlFailure.classify(new SQLException("too long", "22001"))).isEqualTo(SqlFailure.BAD_RECORD);
    BatchUpdateException batch = new BatchUpdateException("batch entry 3 failed", "23505", new int[0]);
    assertThat(SqlFailure.classify(batch)).isEqualTo(SqlFailure.BAD_RECORD);
    BatchUpdateException wrapped = new BatchUpdateException("batch failed", null, new int[0]);
    wrapped.setNextException(new SQLException("check", "23514"));
    assertThat(SqlFailure.classify(wrapped)).isEqualTo(SqlFailure.BAD_RECORD);
  }

  @Test
  void shouldTreatMissingTablesAndPermissionsAsFatal() {
    assertThat(SqlFailure.classify(new SQLException("no table", "42P01"))).isEqualTo(SqlFailure.FATAL);
    assertThat(SqlFailure.classify(new SQLException("denied", "42501"))).isEqualTo(SqlFailure.FATAL);
  }
}

package io.recordflow.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class RecordsJdbcSinkConnectorTest {

    private static Map<String, List<String>> errors(Map<String, String> props) {
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : new RecordsJdbcSinkConnector().validate(props).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    @Test
    void shouldRejectANonPostgresUrlAndBadIdentifiers() {
        Map<String, List<String>> errors = errors(Map.of(
                JdbcSinkConfig.CONNECTION_URL, "jdbc:mysql://db/records",
                JdbcSinkConfig.TABLE_NAME, "records; DROP TABLE x",
                JdbcSinkConfig.BATCH_SIZE, "0"));
        assertThat(errors)
                .containsOnlyKeys(JdbcSinkConfig.CONNECTION_URL, JdbcSinkConfig.TABLE_NAME, JdbcSinkConfig.BATCH_SIZE);
    }

    @Test
    void shouldReportCrossFieldErrors() {
        Map<String, List<String>> errors = errors(Map.of(
                JdbcSinkConfig.CONNECTION_URL, "jdbc:postgresql://127.0.0.1:5432/test",
                JdbcSinkConfig.CONNECTION_PASSWORD, "secret",
                JdbcSinkConfig.RETRY_BACKOFF_MS, "5000",
                JdbcSinkConfig.RETRY_BACKOFF_MAX_MS, "1000"));
        assertThat(errors.get(JdbcSinkConfig.CONNECTION_USER).get(0)).contains("required when connection.password");
        assertThat(errors.get(JdbcSinkConfig.RETRY_BACKOFF_MAX_MS).get(0)).contains("must not be below");
    }

    @Test
    void shouldReportAnUnreachableDatabaseOnTheUrl() {
        Map<String, List<String>> errors = errors(Map.of(
                JdbcSinkConfig.CONNECTION_URL, "jdbc:postgresql://127.0.0.1:1/test",
                JdbcSinkConfig.CONNECTION_USER, "postgres"));
        assertThat(errors.get(JdbcSinkConfig.CONNECTION_URL).get(0)).startsWith("Cannot connect to");
    }

    @Test
    void shouldMaskThePasswordAndDoubleTheBackoffUpToTheCap() {
        Map<String, String> props = new HashMap<>(Map.of(
                JdbcSinkConfig.CONNECTION_URL,
                "jdbc:postgresql://db/r",
                JdbcSinkConfig.CONNECTION_PASSWORD,
                "secret",
                JdbcSinkConfig.RETRY_BACKOFF_MS,
                "100",
                JdbcSinkConfig.RETRY_BACKOFF_MAX_MS,
                "350"));
        JdbcSinkConfig config = new JdbcSinkConfig(props);
        assertThat(config.values().get(JdbcSinkConfig.CONNECTION_PASSWORD).toString())
                .doesNotContain("secret");
        assertThat(List.of(config.backoffMillis(1), config.backoffMillis(2), config.backoffMillis(3)))
                .containsExactly(100L, 200L, 350L);
        props.remove(JdbcSinkConfig.CONNECTION_URL);
        assertThatThrownBy(() -> new JdbcSinkConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(JdbcSinkConfig.CONNECTION_URL);
    }
}

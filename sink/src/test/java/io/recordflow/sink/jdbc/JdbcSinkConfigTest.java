package io.recordflow.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcSinkConfigTest {

    @Test
    void shouldShowNeitherThePasswordNorAPasswordInTheConnectionUrl() {
        JdbcSinkConfig config = new JdbcSinkConfig(Map.of(
                JdbcSinkConfig.CONNECTION_URL,
                "jdbc:postgresql://db:5432/records?user=sink&password=url-secret",
                JdbcSinkConfig.CONNECTION_USER,
                "sink",
                JdbcSinkConfig.CONNECTION_PASSWORD,
                "field-secret"));

        String shown = config.shown().toString();

        assertThat(shown)
                .contains("jdbc:postgresql://db:5432/records?user=sink&password=****")
                .doesNotContain("url-secret")
                .doesNotContain("field-secret");
        assertThat(config.url()).as("the driver still gets the real URL").endsWith("password=url-secret");
    }
}

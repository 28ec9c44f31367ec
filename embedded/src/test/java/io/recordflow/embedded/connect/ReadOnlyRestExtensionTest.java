package io.recordflow.embedded.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadOnlyRestExtensionTest {

    @Test
    void shouldLetOnlyStatusReadsThrough() {
        assertThat(ReadOnlyRestExtension.allowed("GET", "", null)).isTrue();
        assertThat(ReadOnlyRestExtension.allowed("GET", "connectors", List.of("status")))
                .isTrue();
        assertThat(ReadOnlyRestExtension.allowed("GET", "connectors/archive/status", null))
                .isTrue();
        assertThat(ReadOnlyRestExtension.allowed("HEAD", "/connectors/archive/tasks/0/status", null))
                .isTrue();

        assertThat(ReadOnlyRestExtension.allowed("POST", "connectors", null)).isFalse();
        assertThat(ReadOnlyRestExtension.allowed("PUT", "connectors/x/config", null))
                .isFalse();
        assertThat(ReadOnlyRestExtension.allowed("DELETE", "connectors/archive", null))
                .isFalse();
        assertThat(ReadOnlyRestExtension.allowed("GET", "connectors/archive/config", null))
                .isFalse();
        assertThat(ReadOnlyRestExtension.allowed("GET", "connectors/archive", null))
                .isFalse();
        assertThat(ReadOnlyRestExtension.allowed("GET", "connectors", List.of("info")))
                .isFalse();
        assertThat(ReadOnlyRestExtension.allowed("GET", "admin/loggers", null)).isFalse();
        assertThat(ReadOnlyRestExtension.allowed("GET", "connectors/a/../../admin/loggers/status", null))
                .isFalse();
    }
}

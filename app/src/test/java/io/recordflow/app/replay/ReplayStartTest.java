package io.recordflow.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReplayStartTest {

    @Test
    void shouldParseEarliestOffsetAndIsoTimestamps() {
        assertThat(ReplayStart.parse("earliest").kind()).isEqualTo(ReplayStart.Kind.EARLIEST);
        assertThat(ReplayStart.parse("42")).isEqualTo(new ReplayStart(ReplayStart.Kind.OFFSET, 42, null));
        assertThat(ReplayStart.parse("2026-05-01T10:00:00Z").timestamp())
                .isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(ReplayStart.parse("2026-05-01T12:00:00+02:00").timestamp())
                .isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
    }

    @Test
    void shouldRejectAnythingElseNamingTheAcceptedForms() {
        assertThatThrownBy(() -> ReplayStart.parse("yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("earliest")
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ReplayStart.parse("-3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldEndTheTopologyAtEachPartitionsRangeEnd() {
        ReplayRange range = new ReplayRange(
                "records.ingested.v1",
                new TreeMap<>(Map.of(0, new ReplayRange.Span(3, 10), 1, new ReplayRange.Span(5, 5))));

        assertThat(range.stopOffsetsSetting()).isEqualTo("0:10,1:5");
        assertThat(range.offsetCount()).isEqualTo(7);
    }
}

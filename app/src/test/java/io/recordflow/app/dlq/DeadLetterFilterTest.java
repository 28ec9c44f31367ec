package io.recordflow.app.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.records.DeadLetter;
import io.recordflow.records.Stage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {

    private static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");

    private static DeadLetter letter(Stage stage, String errorClass, String topic, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setId("d1")
                .setStage(stage)
                .setErrorClass(errorClass)
                .setErrorMessage("boom")
                .setSourceTopic(topic)
                .setFailedAt(failedAt)
                .build();
    }

    @Test
    void shouldMatchStageCaseInsensitively() {
        DeadLetterFilter filter = DeadLetterFilter.parse("stage=enrich", NOW);

        assertThat(filter.test(letter(Stage.ENRICH, "x.Y", "t", NOW))).isTrue();
        assertThat(filter.test(letter(Stage.INGEST, "x.Y", "t", NOW))).isFalse();
    }

    @Test
    void shouldMatchErrorClassBySubstringAndTopicExactly() {
        DeadLetter d =
                letter(Stage.ENRICH, "org.apache.kafka.common.errors.TimeoutException", "records.ingested.v1", NOW);

        assertThat(DeadLetterFilter.parse("errorClass=timeout", NOW).test(d)).isTrue();
        assertThat(DeadLetterFilter.parse("topic=records.ingested.v1", NOW).test(d))
                .isTrue();
        assertThat(DeadLetterFilter.parse("topic=records", NOW).test(d)).isFalse();
    }

    @Test
    void shouldAcceptInstantsDatesAndDurationsForSince() {
        DeadLetter twoHoursAgo = letter(Stage.ENRICH, "E", "t", NOW.minusSeconds(7200));

        assertThat(DeadLetterFilter.parse("since=3h", NOW).test(twoHoursAgo)).isTrue();
        assertThat(DeadLetterFilter.parse("since=PT1H", NOW).test(twoHoursAgo)).isFalse();
        assertThat(DeadLetterFilter.parse("since=2026-05-10", NOW).test(twoHoursAgo))
                .isTrue();
        assertThat(DeadLetterFilter.parse("since=2026-05-10T11:00:00Z", NOW).test(twoHoursAgo))
                .isFalse();
    }

    @Test
    void shouldRejectUnknownKeysStagesAndTimesWithAClearMessage() {
        assertThatThrownBy(() -> DeadLetterFilter.parse("colour=red", NOW))
                .hasMessageContaining("colour")
                .hasMessageContaining("stage");
        assertThatThrownBy(() -> DeadLetterFilter.parse("stage=LOAD", NOW)).hasMessageContaining("INGEST, ENRICH");
        assertThatThrownBy(() -> DeadLetterFilter.parse("since=yesterday", NOW))
                .hasMessageContaining("since='yesterday'");
        assertThatThrownBy(() -> DeadLetterFilter.parse("stage", NOW)).hasMessageContaining("KEY=VALUE");
    }
}

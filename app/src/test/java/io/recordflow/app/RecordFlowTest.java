package io.recordflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordFlowTest {
    private final String before = System.getProperty(RecordFlow.HTTP_SERVER_NODELAY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(RecordFlow.HTTP_SERVER_NODELAY);
        } else {
            System.setProperty(RecordFlow.HTTP_SERVER_NODELAY, before);
        }
    }

    @Test
    void shouldTurnNaglesAlgorithmOffForTheHttpServersUnlessTheOperatorSetIt() {
        System.clearProperty(RecordFlow.HTTP_SERVER_NODELAY);
        RecordFlow.answerHttpWithoutDelay();
        assertThat(System.getProperty(RecordFlow.HTTP_SERVER_NODELAY)).isEqualTo("true");

        System.setProperty(RecordFlow.HTTP_SERVER_NODELAY, "false");
        RecordFlow.answerHttpWithoutDelay();
        assertThat(System.getProperty(RecordFlow.HTTP_SERVER_NODELAY)).isEqualTo("false");
    }
}

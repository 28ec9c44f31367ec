package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.RateLimitException;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallAdmissionTest {

    private static List<CallAdmission.Permit> acquireAll(CallAdmission.Slots slots) {
        List<CallAdmission.Permit> permits = new ArrayList<>();
        for (Optional<CallAdmission.Permit> p = slots.tryAcquire(); p.isPresent(); p = slots.tryAcquire()) {
            permits.add(p.get());
        }
        return permits;
    }

    private static AnalysisResult failed(FailureKind kind) {
        return failed(kind, null);
    }

    private static AnalysisResult failed(FailureKind kind, Throwable cause) {
        return AnalysisResult.failed(new LlmException(kind, "model call failed", cause), Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void shouldAdmitEnrichConcurrencyPerTaskWithTheFixedStrategy() {
        try (CallAdmission admission = CallAdmission.of(new EnrichConfig(
                Map.of(EnrichConfig.CONCURRENCY_STRATEGY, "fixed", EnrichConfig.CONCURRENCY, 3), Map.of()))) {
            CallAdmission.Slots first = admission.forTask("0_0");
            CallAdmission.Slots second = admission.forTask("0_1");

            assertThat(acquireAll(first)).hasSize(3);
            assertThat(acquireAll(second)).hasSize(3);
            assertThat(admission.strategy()).isEqualTo("fixed");
            assertThat(admission.limit()).isEqualTo(6);
            assertThat(admission.inFlight()).isEqualTo(6);

            second.close();
            assertThat(admission.limit()).isEqualTo(3);
        }
    }

    @Test
    void shouldShareOneAdaptiveLimitBetweenTasks() {
        try (CallAdmission admission =
                CallAdmission.of(new EnrichConfig(Map.of(EnrichConfig.CONCURRENCY_INITIAL, 10), Map.of()))) {
            CallAdmission.Slots first = admission.forTask("0_0");
            CallAdmission.Slots second = admission.forTask("0_1");

            List<CallAdmission.Permit> taken = acquireAll(first);

            assertThat(taken).hasSize(10);
            assertThat(second.tryAcquire()).isEmpty();
            assertThat(admission.strategy()).isEqualTo("adaptive");
            assertThat(admission.limit()).isEqualTo(10);
        }
    }

    @Test
    void shouldBackOffOnOverloadButNotOnAnOutageOrFailuresOfTheRecord() {
        try (CallAdmission admission =
                CallAdmission.of(new EnrichConfig(Map.of(EnrichConfig.CONCURRENCY_INITIAL, 10), Map.of()))) {
            List<CallAdmission.Permit> taken = acquireAll(admission.forTask("0_0"));

            taken.get(9).release(failed(FailureKind.PERMANENT));
            taken.get(8).release(failed(FailureKind.INVALID_RECORD));
            taken.get(7).release(null);
            taken.get(6).release(failed(FailureKind.TRANSIENT, new ConnectException("Connection refused")));
            assertThat(admission.limit()).isEqualTo(10);
            assertThat(admission.inFlight()).isEqualTo(6);

            taken.get(5).release(failed(FailureKind.TRANSIENT, new RateLimitException("429")));
            assertThat(admission.limit()).isLessThan(10);
        }
    }
}

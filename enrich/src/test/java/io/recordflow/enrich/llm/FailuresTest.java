package io.recordflow.enrich.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void shouldTreatNonRetriableClientErrorsAsPermanent() {
        assertThat(Failures.kindOf(new ModelNotFoundException("model 'x' not found")))
                .isEqualTo(FailureKind.PERMANENT);
        assertThat(Failures.kindOf(new InvalidRequestException("bad"))).isEqualTo(FailureKind.PERMANENT);
        assertThat(Failures.kindOf(new AuthenticationException("401"))).isEqualTo(FailureKind.PERMANENT);
        assertThat(Failures.kindOf(new RuntimeException(new HttpException(404, "not found"))))
                .isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void shouldTreatServerTimeoutConnectionAndParsingFailuresAsTransient() {
        assertThat(Failures.kindOf(new InternalServerException("500"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.kindOf(new RateLimitException("429"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.kindOf(new TimeoutException("read timed out"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.kindOf(new HttpException(503, "busy"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.kindOf(new HttpException(408, "timeout"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.kindOf(new RuntimeException(new UncheckedIOException(new ConnectException("refused")))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.kindOf(new NullPointerException())).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void shouldDescribeEmptyBodyAndTruncateLongMessages() {
        assertThat(Failures.classify("ollama chat", new NullPointerException()).getMessage())
                .isEqualTo("ollama chat failed (transient): empty or incomplete response body from the model server");
        assertThat(Failures.classify("call", new RuntimeException("x".repeat(2000)))
                        .getMessage())
                .hasSizeLessThan(600);
    }

    @Test
    void shouldCallOnly429And503AndTimeoutsOverloadNotAnOutageOrAServerError() {
        assertThat(Failures.isOverload(new RateLimitException("429"))).isTrue();
        assertThat(Failures.isOverload(new InternalServerException(new HttpException(503, "busy"))))
                .isTrue();
        assertThat(Failures.isOverload(new RuntimeException(new TimeoutException("read timed out"))))
                .isTrue();
        assertThat(Failures.isOverload(new java.net.http.HttpTimeoutException("request timed out")))
                .isTrue();

        assertThat(Failures.isOverload(new RuntimeException(new UncheckedIOException(new ConnectException("refused")))))
                .as("a server that is down is not overloaded")
                .isFalse();
        assertThat(Failures.isOverload(new InternalServerException(new HttpException(500, "boom"))))
                .isFalse();
        assertThat(Failures.isOverload(new NullPointerException())).isFalse();
    }
}

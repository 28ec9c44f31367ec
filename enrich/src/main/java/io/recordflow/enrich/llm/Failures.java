package io.recordflow.enrich.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Maps what a langchain4j client throws to {@link FailureKind}: its non-retriable family and 4xx
 * statuses (except 408 and 429) are permanent; everything else, including timeouts, connection
 * failures, malformed JSON bodies and the {@code NullPointerException} an empty {@code {}} body raises
 * inside the client, is transient.
 */
public final class Failures {
    private Failures() {}

    public static LlmException classify(String call, Throwable error) {
        FailureKind kind = kindOf(error);
        return new LlmException(
                kind, call + " failed (" + kind.name().toLowerCase(Locale.ROOT) + "): " + describe(error), error);
    }

    static FailureKind kindOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RateLimitException) {
                return FailureKind.TRANSIENT;
            }
            if (t instanceof NonRetriableException) {
                return FailureKind.PERMANENT;
            }
            if (t instanceof HttpException http) {
                int status = http.statusCode();
                return status >= 400 && status < 500 && status != 408 && status != 429
                        ? FailureKind.PERMANENT
                        : FailureKind.TRANSIENT;
            }
        }
        return FailureKind.TRANSIENT;
    }

    /**
     * Whether {@code error} says the server is overloaded (HTTP 429 or 503, or a call that timed out), the signal to
     * lower the number of calls in flight; a refused connection (server down), a 500 or a bad body is not.
     */
    public static boolean isOverload(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RateLimitException
                    || t instanceof dev.langchain4j.exception.TimeoutException
                    || t instanceof HttpTimeoutException
                    || t instanceof SocketTimeoutException
                    || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof HttpException http) {
                return http.statusCode() == 429 || http.statusCode() == 503;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        if (error instanceof NullPointerException) {
            return "empty or incomplete response body from the model server";
        }
        String message = error.getMessage();
        if (message == null && error.getCause() != null) {
            message = error.getCause().toString();
        }
        message = message == null ? error.getClass().getSimpleName() : message;
        // Server error bodies can be long; a dead letter needs the gist, not a page of HTML.
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }
}

package io.recordflow.sink.delivery;

import java.util.function.IntToLongFunction;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded retries of a batch after transient failures: asks the worker to redeliver the batch after an
 * exponential backoff, and fails the task loudly once the retries are spent.
 */
public final class TransientRetries {

    private static final Logger LOG = LoggerFactory.getLogger(TransientRetries.class);

    private final SinkTaskContext context;
    private final int maxRetries;
    private final IntToLongFunction backoffMillis;
    private int failures;

    public TransientRetries(SinkTaskContext context, int maxRetries, IntToLongFunction backoffMillis) {
        this.context = context;
        this.maxRetries = maxRetries;
        this.backoffMillis = backoffMillis;
    }

    /** The batch was stored: the next failure starts a fresh count. */
    public void succeeded() {
        failures = 0;
    }

    /** Returns the exception to throw from {@code put}: retriable while retries remain, fatal afterwards. */
    public ConnectException failed(String what, Exception cause) {
        failures++;
        if (failures > maxRetries) {
            return new ConnectException(
                    what + " failed " + failures + " times in a row; giving up after " + maxRetries + " retries: "
                            + cause.getMessage(),
                    cause);
        }
        long backoff = backoffMillis.applyAsLong(failures);
        LOG.warn(
                "{} failed (attempt {} of {}), retrying in {} ms: {}",
                what,
                failures,
                maxRetries + 1,
                backoff,
                cause.getMessage());
        context.timeout(backoff);
        return new RetriableException(what + " failed transiently: " + cause.getMessage(), cause);
    }
}

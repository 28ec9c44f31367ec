package io.recordflow.enrich.topology;

import com.netflix.concurrency.limits.Limit;
import java.util.function.Consumer;

/**
 * A limit that is its delegate's limit and only decides which samples, or what of them, the delegate sees: the one
 * shape of {@link CutOncePerRoundTrip} and {@link QueueBeforeTimeout}.
 */
abstract class ForwardingLimit implements Limit {
    protected final Limit delegate;

    ForwardingLimit(Limit delegate) {
        this.delegate = delegate;
    }

    @Override
    public final int getLimit() {
        return delegate.getLimit();
    }

    @Override
    public final void notifyOnChange(Consumer<Integer> consumer) {
        delegate.notifyOnChange(consumer);
    }
}

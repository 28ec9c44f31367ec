package io.recordflow.enrich.topology;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.recordflow.enrich.config.EnrichConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission of model calls for one enrich instance. {@code adaptive} (the default): one limiter shared by every
 * task's processor, which learns how many calls the model server serves in parallel from latency
 * ({@link WindowedLatencyLimit}) and refusals ({@link BackoffOnDropLimit}), below {@code enrich.concurrency.max}. {@code fixed}: each task admits
 * {@code enrich.concurrency} calls on a pool of its own, as before the limiter existed (the baseline).
 */
public final class CallAdmission implements AutoCloseable {

    private final EnrichConfig config;
    private final SimpleLimiter<Void> shared;
    private final ExecutorService sharedExecutor;
    private final Set<Slots> taskSlots = ConcurrentHashMap.newKeySet();

    private CallAdmission(EnrichConfig config) {
        this.config = config;
        if (config.adaptiveConcurrency()) {
            this.shared = limiter("enrich-model-calls", adaptiveLimit(config));
            this.sharedExecutor = pool("recordflow-enrich-call", config.maxConcurrency());
        } else {
            this.shared = null;
            this.sharedExecutor = null;
        }
    }

    /** Admission under {@code config}'s strategy; close it after the Streams instance that uses it. */
    public static CallAdmission of(EnrichConfig config) {
        return new CallAdmission(config);
    }

    static Limit adaptiveLimit(EnrichConfig config) {
        int max = config.maxConcurrency();
        Duration longest = QueueBeforeTimeout.threshold(config.timeout());
        return new QueueBeforeTimeout(
                new BackoffOnDropLimit(new WindowedLatencyLimit(config.initialConcurrency(), max, longest), max),
                config.timeout());
    }

    /** The strategy's name, {@code adaptive} or {@code fixed}. */
    public String strategy() {
        return shared != null ? EnrichConfig.STRATEGY_ADAPTIVE : EnrichConfig.STRATEGY_FIXED;
    }

    /** Model calls this instance admits at once now: the shared limit, or the sum over the tasks' fixed limits. */
    public int limit() {
        if (shared != null) {
            return shared.getLimit();
        }
        return taskSlots.stream().mapToInt(s -> s.limiter.getLimit()).sum();
    }

    /** Model calls admitted and not yet finished. */
    public int inFlight() {
        if (shared != null) {
            return shared.getInflight();
        }
        return taskSlots.stream().mapToInt(s -> s.limiter.getInflight()).sum();
    }

    /** The slots of one task: the shared ones, or (fixed) a limiter and pool of its own, closed with the task. */
    Slots forTask(String taskId) {
        if (shared != null) {
            return new Slots(shared, sharedExecutor, this);
        }
        int concurrency = config.concurrency();
        Slots own = new Slots(
                limiter("enrich-model-calls-" + taskId, FixedLimit.of(concurrency)),
                pool("recordflow-enrich-" + taskId, concurrency),
                this);
        taskSlots.add(own);
        return own;
    }

    private void closed(Slots slots) {
        if (taskSlots.remove(slots)) {
            slots.executor.shutdownNow();
        }
    }

    @Override
    public void close() {
        if (sharedExecutor != null) {
            sharedExecutor.shutdownNow();
        }
    }

    private static SimpleLimiter<Void> limiter(String name, Limit limit) {
        return SimpleLimiter.newBuilder().named(name).limit(limit).build();
    }

    /** Up to {@code threads} daemon threads, started on demand and ended when idle; admission bounds the work. */
    private static ExecutorService pool(String prefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Where one task's calls are admitted and run. */
    static final class Slots {
        private final SimpleLimiter<Void> limiter;
        private final ExecutorService executor;
        private final CallAdmission owner;

        private Slots(SimpleLimiter<Void> limiter, ExecutorService executor, CallAdmission owner) {
            this.limiter = limiter;
            this.executor = executor;
            this.owner = owner;
        }

        /** A permit for one call, or empty when the limit is reached; never blocks. */
        Optional<Permit> tryAcquire() {
            return limiter.acquire(null).map(Permit::new);
        }

        ExecutorService executor() {
            return executor;
        }

        /** The task is closing: a pool of its own stops (running calls are interrupted), shared slots stay. */
        void close() {
            owner.closed(this);
        }
    }

    /** One admitted call; released exactly once with how the call ended. */
    static final class Permit {
        private final Limiter.Listener listener;

        Permit(Limiter.Listener listener) {
            this.listener = listener;
        }

        /**
         * Success counts its latency; a transient failure (429, 503, timeout, refused connection) is a drop the limit
         * backs off from; a failure of the record itself, or none at all (null), says nothing about the server.
         */
        AnalysisResult release(AnalysisResult result) {
            if (result == null) {
                listener.onIgnore();
            } else if (result.succeeded()) {
                listener.onSuccess();
            } else if (result.failure().isOverload()) {
                // A refused connection or a 500 says nothing about capacity: lowering the limit through an outage
                // would leave a handful of calls (and any slow one) gating the backlog after the server recovers.
                listener.onDropped();
            } else {
                listener.onIgnore();
            }
            return result;
        }
    }
}

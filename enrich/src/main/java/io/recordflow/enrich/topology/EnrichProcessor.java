package io.recordflow.enrich.topology;

import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.TextSource;
import io.recordflow.enrich.assemble.AuditTrail;
import io.recordflow.enrich.assemble.EnrichmentAssembler;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.enrich.metrics.MeteredAnalyzer;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AnalysisCacheEntry;
import io.recordflow.records.EnrichedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enriches records with many model calls in flight per task without blocking the stream thread.
 * {@code process()} only records the input in a changelogged pending store (so it survives restarts and
 * commits atomically with the input offset under exactly-once) and starts the call when no earlier
 * record of the same key waits. A wall-clock punctuator hands finished results, in arrival order per
 * key, to the {@link EnrichmentRouter} (which decides what goes to which sink), schedules transient failures
 * for retry with backoff and dead-letters permanent ones. Before a call starts, the shared {@link AnalysisCache} is
 * asked; a new valid analysis is written through to it.
 */
final class EnrichProcessor implements Processor<String, byte[], String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichProcessor.class);

    private final EnrichTopology.Settings settings;
    private final Analyzer analyzer;
    private final EnrichmentAssembler assembler;
    private final EnrichmentRouter router;
    private final OutputLimit outputLimit;
    private final Deserializer<AgencyRecord> deserializer;
    private final String promptVersion;
    private final Backoff backoff;
    private final TextSource texts;
    private final Deserializer<AnalysisCacheEntry> cacheDeserializer;

    /**
     * A model call running for a pending entry; the entry and its parsed record stay in memory (at most the limit of
     * calls) so that completing the call reads nothing back.
     */
    private record Running(
            PendingEntry entry, AgencyRecord record, CompletableFuture<AnalysisResult> call, String cacheKey) {}

    /** What the punctuator needs of a pending entry without reading the store: its input key and when it may run. */
    private record Waiting(String key, long nextAttemptAt) {}

    private final Map<Long, Running> inFlight = new HashMap<>();
    /**
     * Every entry of the pending store by sequence (arrival order), so that a pass of the punctuator reads only the
     * entries it starts instead of the whole store, which under a backlog was most of the stream thread's time.
     */
    private final NavigableMap<Long, Waiting> waiting = new TreeMap<>();

    private final Map<String, Integer> pendingPerKey = new HashMap<>();
    /** Cache keys of the running calls: the same content waits for the call already running instead of paying twice. */
    private final Map<String, Integer> runningCacheKeys = new HashMap<>();

    private long blockedNanosSinceLastPunctuation;
    private long intakeOverruns;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> pending;
    private AnalysisCache cache;
    private CallAdmission.Slots slots;
    private long nextSequence;

    EnrichProcessor(
            EnrichTopology.Settings settings,
            Analyzer analyzer,
            EnrichmentAssembler assembler,
            AuditTrail audit,
            Deserializer<AgencyRecord> deserializer,
            Deserializer<EnrichedRecord> enrichedDeserializer,
            Serializer<EnrichedRecord> enrichedSerializer,
            Deserializer<AnalysisCacheEntry> cacheDeserializer) {
        this.settings = settings;
        this.cacheDeserializer = cacheDeserializer;
        this.analyzer = analyzer;
        this.assembler = assembler;
        this.deserializer = deserializer;
        this.promptVersion = settings.config().promptVersion(analyzer.promptVersion());
        this.outputLimit = new OutputLimit(
                settings.config().maxOutputBytes(), settings.config().outputTopic(), enrichedSerializer);
        this.router = new EnrichmentRouter(
                assembler, audit, enrichedDeserializer, promptVersion, analyzer.promptSha256(), outputLimit);
        this.texts = new TextSource(settings.config().blobRoots());
        this.backoff = new Backoff(
                settings.config().retryInitialBackoff(),
                settings.config().retryMaxBackoff(),
                ThreadLocalRandom.current()::nextDouble);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.pending = context.getStateStore(EnrichTopology.PENDING_STORE);
        if (cacheDeserializer != null) {
            this.cache = new AnalysisCache(
                    context.getStateStore(EnrichTopology.CACHE_STORE),
                    cacheDeserializer,
                    settings.config().pipelineVersion());
        }
        router.init(context);
        this.slots = settings.admission().forTask(context.taskId().toString());
        int restored = 0;
        try (KeyValueIterator<String, byte[]> all = pending.all()) {
            while (all.hasNext()) {
                PendingEntry entry = PendingEntry.fromBytes(all.next().value);
                nextSequence = Math.max(nextSequence, entry.sequence() + 1);
                track(entry);
                restored++;
            }
        }
        if (restored > 0) {
            LOG.info(
                    "task {}: {} pending record(s) restored from the changelog; re-submitting them",
                    context.taskId(),
                    restored);
        }
        context.schedule(settings.config().punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            blockedNanosSinceLastPunctuation = 0;
            dispatch();
        });
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        Long stop = settings.stopOffsets().get(meta.partition());
        if (stop != null && meta.offset() >= stop) {
            // Beyond the end of a replay range: committed as consumed, not enriched.
            return;
        }
        if (oversized(record, meta)) {
            return;
        }
        awaitRoom();
        long now = context.currentSystemTimeMs();
        PendingEntry entry = new PendingEntry(
                nextSequence++,
                record.key(),
                record.value(),
                meta.topic(),
                meta.partition(),
                meta.offset(),
                record.timestamp(),
                now,
                0,
                now,
                null);
        AgencyRecord parsed = parse(entry);
        if (parsed == null) {
            return;
        }
        pending.put(PendingEntry.storeKey(entry.sequence()), entry.toBytes());
        // Start at once only when admitted; otherwise the punctuator starts it when a slot frees, so a backlog waits
        // in the pending store instead of piling up in the executor's queue.
        if (track(entry) == 1) {
            start(entry, parsed);
        }
    }

    /** Notes a stored entry in memory; the number of entries of its key now pending. */
    private int track(PendingEntry entry) {
        waiting.put(entry.sequence(), new Waiting(keyOf(entry), entry.nextAttemptAt()));
        return pendingPerKey.merge(keyOf(entry), 1, Integer::sum);
    }

    private static String keyOf(PendingEntry entry) {
        return String.valueOf(entry.key());
    }

    /**
     * Dead-letters, before anything is stored, a record larger than {@code enrich.max.record.bytes}: its pending entry
     * could not be written to the changelog, and the task would fail on it at every restart. The dead letter carries
     * the coordinates, not the value (which the dead-letter topic would refuse as well).
     */
    private boolean oversized(Record<String, byte[]> record, RecordMetadata meta) {
        long keyBytes = record.key() == null ? 0 : record.key().getBytes(StandardCharsets.UTF_8).length;
        long size = keyBytes + (record.value() == null ? 0 : record.value().length);
        int limit = settings.config().maxRecordBytes();
        if (size <= limit) {
            return false;
        }
        PendingEntry coordinates = new PendingEntry(
                -1,
                record.key(),
                null,
                meta.topic(),
                meta.partition(),
                meta.offset(),
                record.timestamp(),
                context.currentSystemTimeMs(),
                0,
                0,
                null);
        String reason = "record at " + coordinates.position() + " is " + size + " bytes (key plus value), more than "
                + EnrichConfig.MAX_RECORD_BYTES + " (" + limit + "); dead-lettered without its value, which stays "
                + "readable at that position";
        LOG.warn("dead-lettering oversized input: {}", reason);
        router.deadLetter(
                coordinates,
                record.key(),
                RecordTooLargeException.class.getName(),
                reason,
                1,
                Map.of(
                        "failure",
                        "RECORD_TOO_LARGE",
                        "recordBytes",
                        String.valueOf(size),
                        EnrichConfig.MAX_RECORD_BYTES,
                        String.valueOf(limit)));
        return true;
    }

    /**
     * Backpressure: while the task holds {@code enrich.max.pending.records}, the next record waits here (the stream
     * thread takes no more input) for calls to finish, whose results are forwarded as the punctuator would. The wait
     * is bounded per pass of the stream thread, so the open transaction commits and the consumer polls in time.
     */
    private void awaitRoom() {
        int max = settings.config().maxPendingRecords();
        if (waiting.size() < max) {
            return;
        }
        long budget = settings.config().intakeMaxBlock().toNanos() - blockedNanosSinceLastPunctuation;
        long slice = settings.config().punctuateInterval().toNanos();
        long startedAt = System.nanoTime();
        long startedAtMs = context.currentSystemTimeMs();
        while (!Thread.currentThread().isInterrupted()) {
            long waited = System.nanoTime() - startedAt;
            // The context's clock stands still within a pass of the stream thread: advance it by what was waited.
            drain(startedAtMs + TimeUnit.NANOSECONDS.toMillis(waited));
            if (waiting.size() < max) {
                break;
            }
            if (waited >= budget) {
                overrun(max);
                break;
            }
            waitForACall(Math.min(budget - waited, slice));
        }
        blockedNanosSinceLastPunctuation += System.nanoTime() - startedAt;
    }

    private void overrun(int max) {
        if (intakeOverruns++ % 100 == 0) {
            LOG.warn(
                    "task {}: {} records pending (limit {} of {}) and no call finished within {} of {}; taking the "
                            + "next record anyway ({} time(s) so far). The model server is slow or down.",
                    context.taskId(),
                    waiting.size(),
                    max,
                    EnrichConfig.MAX_PENDING,
                    settings.config().intakeMaxBlock(),
                    EnrichConfig.INTAKE_MAX_BLOCK_MS,
                    intakeOverruns);
        }
    }

    /**
     * Keeps the model server busy between passes of the stream thread: while due records wait only for a call slot,
     * forwards each call as it finishes and starts the next, for at most one punctuation interval. Without this a
     * task started calls only once per interval, so a fast server idled between batches and a slow one between
     * waves (saturation 0.8 at 32 slots).
     */
    private void dispatch() {
        long budget = Math.min(
                settings.config().punctuateInterval().toNanos(),
                settings.config().intakeMaxBlock().toNanos());
        long startedAt = System.nanoTime();
        long startedAtMs = context.currentSystemTimeMs();
        while (!Thread.currentThread().isInterrupted()) {
            long waited = System.nanoTime() - startedAt;
            // The context's clock stands still within a punctuation: advance it by what was waited.
            boolean refused = drain(startedAtMs + TimeUnit.NANOSECONDS.toMillis(waited));
            if (!refused || inFlight.isEmpty() || waited >= budget) {
                break;
            }
            waitForACall(budget - waited);
        }
        blockedNanosSinceLastPunctuation += System.nanoTime() - startedAt;
    }

    /** Waits until some model call finishes, at most {@code nanos}; with none running, for a retry to fall due. */
    private void waitForACall(long nanos) {
        if (inFlight.isEmpty()) {
            LockSupport.parkNanos(nanos);
            return;
        }
        try {
            CompletableFuture.anyOf(
                            inFlight.values().stream().map(Running::call).toArray(CompletableFuture[]::new))
                    .get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException expected) {
            // No call finished within this slice: the caller drains and decides whether to wait again.
        } catch (ExecutionException e) {
            // A call ended with an error; drain() completes it through its result like any other.
            LOG.debug(
                    "a model call ended exceptionally while intake waited: {}",
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Forwards finished work in order, then starts due work in order as far as admission allows. Only the oldest entry
     * of a key is looked at: later records of the key wait behind it. True when admission refused a due record.
     */
    private boolean drain(long now) {
        Set<String> blocked = new HashSet<>();
        List<Running> finished = new ArrayList<>();
        List<Long> due = new ArrayList<>();
        for (Map.Entry<Long, Waiting> pendingEntry : waiting.entrySet()) {
            Waiting entry = pendingEntry.getValue();
            if (!blocked.add(entry.key())) {
                continue;
            }
            Running running = inFlight.get(pendingEntry.getKey());
            if (running == null) {
                if (now >= entry.nextAttemptAt()) {
                    due.add(pendingEntry.getKey());
                }
            } else if (running.call().isDone()) {
                finished.add(running);
            }
        }
        finished.forEach(running -> finish(running, now));
        for (long sequence : due) {
            if (!startStored(sequence)) {
                // Admission refused: the rest of a backlog waits for a slot.
                return true;
            }
        }
        return false;
    }

    private void finish(Running running, long now) {
        PendingEntry entry = running.entry();
        inFlight.remove(entry.sequence());
        if (running.cacheKey() != null) {
            runningCacheKeys.computeIfPresent(running.cacheKey(), (k, n) -> n > 1 ? n - 1 : null);
        }
        try {
            complete(entry, running.record(), running.call().join(), now);
        } catch (RuntimeException e) {
            deadLetterDefect(entry, "completing", e);
        }
    }

    /** Starts (or serves from the cache) a stored entry; false when admission refused a call now. */
    private boolean startStored(long sequence) {
        byte[] stored = pending.get(PendingEntry.storeKey(sequence));
        if (stored == null) {
            throw new IllegalStateException("pending entry " + sequence + " of task " + context.taskId()
                    + " is tracked but missing from store " + EnrichTopology.PENDING_STORE);
        }
        PendingEntry entry = PendingEntry.fromBytes(stored);
        AgencyRecord parsed = parse(entry);
        if (parsed == null) {
            remove(entry);
            return true;
        }
        return start(entry, parsed);
    }

    /**
     * Serves the record from the cache, or starts its model call when admission allows; while a call for the same
     * content runs, the record stays pending (the punctuator comes back to it) so that it is answered by that call's
     * entry. False when admission refused a call now.
     */
    private boolean start(PendingEntry entry, AgencyRecord record) {
        String cacheKey = null;
        if (cacheable(record)) {
            AnalysisCache.Key key = cacheKey(record, analyzer.info());
            cacheKey = key.id();
            try {
                var cached = cache.get(key);
                if (cached.isPresent()) {
                    router.cacheHit(entry, record, cached.get());
                    remove(entry);
                    return true;
                }
            } catch (RuntimeException e) {
                deadLetterDefect(entry, "serving from the cache", e);
                return true;
            }
            if (runningCacheKeys.containsKey(cacheKey)) {
                return true;
            }
        }
        Optional<CallAdmission.Permit> permit = slots.tryAcquire();
        if (permit.isEmpty()) {
            return false;
        }
        CompletableFuture<AnalysisResult> call;
        try {
            call = CompletableFuture.supplyAsync(() -> admitted(permit.get(), record), slots.executor());
        } catch (RejectedExecutionException e) {
            // The call pool is closing with the instance: give the slot back; Streams fails or closes the task.
            permit.get().release(null);
            throw e;
        }
        inFlight.put(entry.sequence(), new Running(entry, record, call, cacheKey));
        if (cacheKey != null) {
            runningCacheKeys.merge(cacheKey, 1, Integer::sum);
        }
        return true;
    }

    /**
     * Runs the call and releases its permit with the outcome, on the call thread, so the limit sees its latency; the
     * deterministic detectors run after the release, as their CPU time is no load on the model server and would
     * otherwise look like a queue there (with a fast server, most of the latency the limit saw).
     */
    private AnalysisResult admitted(CallAdmission.Permit permit, AgencyRecord record) {
        Instant started = Instant.now();
        TextSource.Text text = null;
        AnalysisResult result = null;
        try {
            text = texts.read(record);
            result = AnalysisResult.success(
                    analyzer.analyze(record, text), null, analyzer.info(), started, Instant.now());
        } catch (LlmException e) {
            result = AnalysisResult.failed(e, started, Instant.now());
        } catch (RuntimeException e) {
            result = AnalysisResult.failed(unusable(record, e), started, Instant.now());
        } finally {
            permit.release(result);
        }
        if (!result.succeeded()) {
            return result;
        }
        try {
            return result.withFindings(assembler.inspect(text.text()));
        } catch (RuntimeException e) {
            return AnalysisResult.failed(unusable(record, e), started, Instant.now());
        }
    }

    /** Not a model-server failure but a defect or unusable input: retrying cannot help. */
    private static LlmException unusable(AgencyRecord record, RuntimeException e) {
        return new LlmException(
                FailureKind.PERMANENT, "analysis of record " + record.getRecordId() + " failed: " + e, e);
    }

    /** Whether the record's analysis can be looked up and kept: the cache is on and the content has a hash. */
    private boolean cacheable(AgencyRecord record) {
        return cache != null
                && record.getSha256() != null
                && !record.getSha256().isBlank();
    }

    private void complete(PendingEntry entry, AgencyRecord record, AnalysisResult result, long now) {
        if (result.succeeded()) {
            // An answer that never validated is not worth reusing: the same content should get a fresh try.
            if (result.analysis().classification().isValid() && cacheable(record)) {
                writeThrough(entry, record, result);
            }
            router.analysed(entry, record, result);
            remove(entry);
            return;
        }
        LlmException failure = result.failure();
        int attempts = entry.attempts() + 1;
        boolean exhausted = switch (failure.kind()) {
            case TRANSIENT ->
                now - entry.firstSeenAt() >= settings.config().retryMaxElapsed().toMillis();
            case PERMANENT -> attempts >= settings.config().permanentFailureAttempts();
            case INVALID_RECORD -> true;
        };
        if (exhausted) {
            router.deadLetter(
                    entry,
                    record.getRecordId(),
                    failure.rootErrorClass(),
                    failure.getMessage(),
                    attempts,
                    Map.of(
                            "failure",
                            failure.kind().name(),
                            "provider",
                            analyzer.info().provider()));
            remove(entry);
            return;
        }
        long delay = backoff.delayMillis(attempts);
        try (var logContext = org.slf4j.MDC.putCloseable(MeteredAnalyzer.MDC_RECORD_ID, record.getRecordId())) {
            LOG.warn(
                    "record {} ({}): {}; attempt {} failed, retrying in {} ms",
                    record.getRecordId(),
                    entry.position(),
                    failure.getMessage(),
                    attempts,
                    delay);
        }
        PendingEntry retry = entry.retryAt(now + delay, failure.getMessage());
        pending.put(PendingEntry.storeKey(entry.sequence()), retry.toBytes());
        waiting.put(retry.sequence(), new Waiting(keyOf(retry), retry.nextAttemptAt()));
    }

    /** The parsed record, or null after dead-lettering input that is no AgencyRecord. */
    private AgencyRecord parse(PendingEntry entry) {
        String problem;
        String errorClass;
        try {
            if (entry.value() == null) {
                throw new IllegalArgumentException("record has no value (tombstone); an AgencyRecord was expected");
            }
            AgencyRecord record = deserializer.deserialize(entry.topic(), entry.value());
            if (record == null
                    || record.getRecordId() == null
                    || record.getRecordId().isBlank()) {
                throw new IllegalArgumentException("AgencyRecord without recordId");
            }
            return record;
        } catch (RuntimeException e) {
            errorClass = e.getClass().getName();
            problem = "cannot read AgencyRecord from " + entry.position() + ": " + e.getMessage();
        }
        LOG.warn("dead-lettering malformed input {}: {}", entry.position(), problem);
        router.deadLetter(entry, entry.key(), errorClass, problem, 1, Map.of("failure", "DESERIALIZATION"));
        return null;
    }

    /**
     * Dead-letters a pending record whose own content made a step fail (assembling, a value the serializer rejects,
     * an input that no longer reads), so that one record never stops the stream thread. Failures of the task itself
     * (fenced producer, corrupted state) are rethrown for Streams to handle.
     */
    private void deadLetterDefect(PendingEntry entry, String step, RuntimeException e) {
        if (e instanceof TaskMigratedException || e instanceof TaskCorruptedException) {
            throw e;
        }
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String reason = step + " record " + entry.key() + " (" + entry.position() + ") failed: " + cause;
        LOG.warn("dead-lettering {}", reason, e);
        router.deadLetter(
                entry,
                entry.key(),
                cause.getClass().getName(),
                reason,
                entry.attempts() + 1,
                Map.of("failure", "RECORD", "step", step));
        remove(entry);
    }

    private void remove(PendingEntry entry) {
        pending.delete(PendingEntry.storeKey(entry.sequence()));
        waiting.remove(entry.sequence());
        pendingPerKey.computeIfPresent(keyOf(entry), (k, n) -> n > 1 ? n - 1 : null);
    }

    /**
     * Keeps the analysis under the key of the provider that made it (its digest is known once a call has run) and
     * forwards the entry to the cache topic, in the transaction that also carries the enrichment.
     */
    private void writeThrough(PendingEntry entry, AgencyRecord record, AnalysisResult result) {
        AnalysisCache.Key key = cacheKey(record, result.provider());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        AnalysisCacheEntry written =
                cache.put(key, new AnalysisCache.Entry(result.analysis(), result.findings(), result.provider()), now);
        Optional<String> refusal = outputLimit.refusal(
                "the analysis of record " + record.getRecordId(),
                written.getAnalysisJson().getBytes(StandardCharsets.UTF_8).length);
        if (refusal.isPresent()) {
            // Only a lost saving: the enrichment itself is checked and sent on its own.
            LOG.warn("not caching the analysis of {} ({}): {}", record.getRecordId(), entry.position(), refusal.get());
            return;
        }
        context.forward(new Record<>(key.id(), written, now.toEpochMilli()), EnrichTopology.CACHE_SINK);
        LOG.debug("record {} ({}): analysis cached as {}", record.getRecordId(), entry.position(), key.id());
    }

    private AnalysisCache.Key cacheKey(AgencyRecord record, ProviderInfo provider) {
        return AnalysisCache.Key.of(
                record.getSha256(), provider, promptVersion, analyzer.promptSha256(), settings.taxonomyFingerprint());
    }

    @Override
    public void close() {
        if (slots != null) {
            slots.close();
        }
        inFlight.clear();
        runningCacheKeys.clear();
        waiting.clear();
    }
}

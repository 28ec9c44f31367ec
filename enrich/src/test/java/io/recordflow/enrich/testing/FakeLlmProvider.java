package io.recordflow.enrich.testing;

import io.recordflow.enrich.classify.ClassificationPrompt;
import io.recordflow.enrich.llm.ChatTurn;
import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.llm.LlmRequest;
import io.recordflow.enrich.llm.ProviderInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic {@link LlmProvider} for tests: scripted replies and failures first (per request kind),
 * then {@link RuleBasedModel}. Records every request it receives.
 */
public final class FakeLlmProvider implements LlmProvider {
    public static final String MODEL = "fake-llama";
    public static final String DIGEST = "sha256:fake0000000000000000000000000000000000000000000000000000000000";

    private final Queue<Object> classificationScript = new ConcurrentLinkedQueue<>();
    private final Queue<Object> summaryScript = new ConcurrentLinkedQueue<>();
    private final List<LlmRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, FailureKind> failureByMarker = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    /** Calls whose document contains {@code marker} fail with {@code kind}, {@code times} times in all. */
    public FakeLlmProvider failWhenDocumentContains(String marker, FailureKind kind, int times) {
        failureByMarker.put(marker, kind);
        failuresLeft.put(marker, new AtomicInteger(times));
        return this;
    }

    /** Calls whose document contains {@code marker} wait until {@code release} opens (a stuck model server). */
    public FakeLlmProvider holdWhenDocumentContains(String marker, CountDownLatch release) {
        holds.put(marker, release);
        return this;
    }

    /** The most calls that were running at once. */
    public int maxConcurrentCalls() {
        return maxRunning.get();
    }

    /** Classification calls made so far (including repairs). */
    public long classificationCalls() {
        return requests().stream()
                .filter(r -> r.system().contains("records-management classifier"))
                .count();
    }

    /** Next classification answers: a String is the reply text, a FailureKind a thrown failure. */
    public FakeLlmProvider scriptClassification(Object... next) {
        classificationScript.addAll(List.of(next));
        return this;
    }

    public FakeLlmProvider scriptSummary(Object... next) {
        summaryScript.addAll(List.of(next));
        return this;
    }

    public List<LlmRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo("fake", MODEL, DIGEST, Map.of("num_ctx", "8192", "temperature", "0.0", "seed", "42"));
    }

    @Override
    public LlmReply chat(LlmRequest request) throws LlmException {
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            return answer(request);
        } finally {
            running.decrementAndGet();
        }
    }

    private LlmReply answer(LlmRequest request) throws LlmException {
        requests.add(request);
        String document = documentOf(request);
        for (Map.Entry<String, CountDownLatch> hold : holds.entrySet()) {
            if (document.contains(hold.getKey())) {
                awaitRelease(hold.getValue());
            }
        }
        for (Map.Entry<String, FailureKind> failure : failureByMarker.entrySet()) {
            if (document.contains(failure.getKey())
                    && failuresLeft.get(failure.getKey()).getAndDecrement() > 0) {
                throw new LlmException(
                        failure.getValue(),
                        "scripted " + failure.getValue() + " failure for '" + failure.getKey() + "'",
                        new RuntimeException("scripted"));
            }
        }
        boolean classification = request.system().contains("records-management classifier");
        Object scripted = (classification ? classificationScript : summaryScript).poll();
        if (scripted instanceof FailureKind kind) {
            throw new LlmException(kind, "scripted " + kind + " failure", new RuntimeException("scripted"));
        }
        String user = request.turns().get(0).text();
        String text = scripted instanceof String s ? s : RuleBasedModel.answer(classification, user);
        return new LlmReply(text, user.length() / 4, text.length() / 4);
    }

    private static void awaitRelease(CountDownLatch release) throws LlmException {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(FailureKind.TRANSIENT, "held call interrupted", e);
        }
    }

    /** The document text inside the delimiters of the first user message of a request. */
    public static String documentOf(LlmRequest request) {
        String user = request.turns().stream()
                .filter(t -> t.role() == ChatTurn.Role.USER)
                .findFirst()
                .orElseThrow()
                .text();
        int start = user.indexOf(ClassificationPrompt.BEGIN);
        int end = user.indexOf(ClassificationPrompt.END);
        return start < 0 || end < 0
                ? user
                : user.substring(start + ClassificationPrompt.BEGIN.length(), end)
                        .strip();
    }
}

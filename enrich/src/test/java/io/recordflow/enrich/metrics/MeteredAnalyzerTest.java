package io.recordflow.enrich.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.recordflow.enrich.analysis.Analysis;
import io.recordflow.enrich.analysis.ImageLoader;
import io.recordflow.enrich.analysis.LlmAnalyzer;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.llm.LlmRequest;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.enrich.metrics.EnrichMetrics.Outcome;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.enrich.testing.FakeLlmProvider;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Modality;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MeteredAnalyzerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final EnrichMetrics metrics = new EnrichMetrics();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static AgencyRecord record(String id, String text) {
        return AgencyRecord.newBuilder()
                .setRecordId(id)
                .setSourceUri("test:" + id)
                .setIngestedAt(Instant.EPOCH)
                .setModality(Modality.DOCUMENT)
                .setMediaType("text/plain")
                .setSizeBytes(text.length())
                .setSha256(PromptHash.sha256(text))
                .setContentUri("test:" + id)
                .setText(text)
                .build();
    }

    private static MeteredAnalyzer metered(LlmProvider provider, EnrichMetrics metrics) {
        return new MeteredAnalyzer(
                new LlmAnalyzer(provider, TaxonomyLoader.loadDefault(), 8192, 0, ImageLoader.disabled()), metrics);
    }

    @Test
    void shouldCountCallsInFlightWhileTheModelIsWorkingAndReleaseThemWhenItAnswers() throws Exception {
        GatedProvider provider = new GatedProvider(new FakeLlmProvider());
        MeteredAnalyzer analyzer = metered(provider, metrics);

        List<CompletableFuture<Analysis>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AgencyRecord record = record("r" + i, "Security incident report on a phishing campaign number " + i);
            calls.add(CompletableFuture.supplyAsync(() -> analyze(analyzer, record), pool));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.snapshot().inFlight() == 3);
        assertThat(metrics.snapshot().finishedCalls()).isZero();
        provider.open();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        EnrichMetrics.Snapshot after = metrics.snapshot();
        assertThat(after.inFlight()).isZero();
        assertThat(after.calls(Outcome.OK)).isEqualTo(3);
        assertThat(after.finishedCalls()).isEqualTo(3);
        assertThat(after.durationSecondsSum()).isPositive();
    }

    @Test
    void shouldCountTransientFailuresAsRetryAndPermanentOnesAsFailed() {
        FakeLlmProvider provider = new FakeLlmProvider()
                .failWhenDocumentContains("OUTAGE", FailureKind.TRANSIENT, 1)
                .failWhenDocumentContains("BROKEN", FailureKind.PERMANENT, 1);
        MeteredAnalyzer analyzer = metered(provider, metrics);

        assertThatThrownBy(() -> analyzer.analyze(record("t", "OUTAGE of the records server")))
                .isInstanceOf(LlmException.class);
        assertThatThrownBy(() -> analyzer.analyze(record("p", "BROKEN request to the model")))
                .isInstanceOf(LlmException.class);

        EnrichMetrics.Snapshot snapshot = metrics.snapshot();
        assertThat(snapshot.calls(Outcome.RETRY)).isEqualTo(1);
        assertThat(snapshot.calls(Outcome.FAILED)).isEqualTo(1);
        assertThat(snapshot.calls(Outcome.OK)).isZero();
        assertThat(snapshot.inFlight()).isZero();
    }

    @Test
    void shouldPutTheRecordIdInTheLoggingContextOnlyWhileTheModelWorksOnIt() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        LlmProvider spying = new GatedProvider(new FakeLlmProvider()) {
            @Override
            public LlmReply chat(LlmRequest request) throws LlmException {
                seen.put("during", String.valueOf(MDC.get(MeteredAnalyzer.MDC_RECORD_ID)));
                return super.chat(request);
            }
        };
        ((GatedProvider) spying).open();

        metered(spying, metrics).analyze(record("rec-42", "Budget request for the fiscal year"));

        assertThat(seen).containsEntry("during", "rec-42");
        assertThat(MDC.get(MeteredAnalyzer.MDC_RECORD_ID)).isNull();
    }

    @Test
    void shouldSortCallDurationsIntoCumulativeHistogramBuckets() {
        metrics.callStarted();
        metrics.callFinished(Outcome.OK, TimeUnit.MILLISECONDS.toNanos(40));
        metrics.callStarted();
        metrics.callFinished(Outcome.OK, TimeUnit.MILLISECONDS.toNanos(700));
        metrics.callStarted();
        metrics.callFinished(Outcome.RETRY, TimeUnit.SECONDS.toNanos(400));

        long[] buckets = metrics.snapshot().cumulativeBuckets();
        assertThat(buckets).hasSize(EnrichMetrics.DURATION_BUCKETS.length + 1);
        assertThat(buckets[0]).as("<= 0.05 s").isEqualTo(1);
        assertThat(buckets[3]).as("<= 0.5 s").isEqualTo(1);
        assertThat(buckets[4]).as("<= 1 s").isEqualTo(2);
        assertThat(buckets[buckets.length - 2]).as("<= 300 s").isEqualTo(2);
        assertThat(buckets[buckets.length - 1]).as("+Inf").isEqualTo(3);
        assertThat(metrics.snapshot().durationSecondsSum())
                .isCloseTo(400.74, org.assertj.core.data.Offset.offset(1e-6));
    }

    private static Analysis analyze(MeteredAnalyzer analyzer, AgencyRecord record) {
        try {
            return analyzer.analyze(record);
        } catch (LlmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fake model behind a gate: every call waits until the test opens it. */
    private static class GatedProvider implements LlmProvider {
        private final LlmProvider model;
        private final CountDownLatch gate = new CountDownLatch(1);

        GatedProvider(LlmProvider model) {
            this.model = model;
        }

        void open() {
            gate.countDown();
        }

        @Override
        public ProviderInfo info() {
            return model.info();
        }

        @Override
        public LlmReply chat(LlmRequest request) throws LlmException {
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new LlmException(FailureKind.TRANSIENT, "gate never opened", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException(FailureKind.TRANSIENT, "interrupted", e);
            }
            return model.chat(request);
        }
    }
}

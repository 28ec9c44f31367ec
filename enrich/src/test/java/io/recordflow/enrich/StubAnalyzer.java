package io.recordflow.enrich;

import io.recordflow.enrich.analysis.Analysis;
import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.TextSource;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.records.AgencyRecord;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A model for {@link EnrichApp} tests: names itself, counts its closes, and can fail where the stream thread asks it. */
final class StubAnalyzer implements Analyzer {

    private final RuntimeException onStreamThread;
    final AtomicInteger closes = new AtomicInteger();

    /** A model the stream thread can use. */
    StubAnalyzer() {
        this(null);
    }

    /** A model that throws {@code failure} when a stream task is created with it (on the stream thread). */
    StubAnalyzer(RuntimeException failure) {
        this.onStreamThread = failure;
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo("stub", "stub-model", "", Map.of());
    }

    @Override
    public String promptVersion() {
        // Topology building asks too (on the caller's thread); only the stream thread's task creation fails.
        if (onStreamThread != null && Thread.currentThread().getName().contains("StreamThread")) {
            throw onStreamThread;
        }
        return "stub-v1";
    }

    @Override
    public String promptSha256() {
        return "0".repeat(64);
    }

    @Override
    public Analysis analyze(AgencyRecord record, TextSource.Text text) {
        throw new UnsupportedOperationException("no record is analysed in these tests");
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}

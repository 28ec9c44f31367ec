package io.recordflow.enrich.bench;

import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.topology.CallAdmission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples, every 50 ms while a run lasts, the admission limit, the calls admitted and the calls the server is
 * serving, so a saturation below 1 can be told apart: slots idle because the limit stood below them, or because the
 * client offered fewer calls than it admitted (a stalled stream thread, too few records taken in).
 */
final class AdmissionTrace implements AutoCloseable {
    private record Sample(int limit, int admitted, int serving) {}

    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "admission-trace");
        t.setDaemon(true);
        return t;
    });

    AdmissionTrace(CallAdmission admission, FakeOllamaServer server) {
        sampler.scheduleAtFixedRate(
                () -> {
                    Sample sample = new Sample(admission.limit(), admission.inFlight(), server.serving());
                    synchronized (samples) {
                        samples.add(sample);
                    }
                },
                0,
                50,
                TimeUnit.MILLISECONDS);
    }

    /**
     * From the first sample with a call served to the last: the share of samples with a slot idle, and how many of
     * those had the limit below the slots; the limit's minimum, median and maximum over the same samples.
     */
    String summary(int slots) {
        List<Sample> active;
        synchronized (samples) {
            int first = 0;
            while (first < samples.size() && samples.get(first).serving() == 0) {
                first++;
            }
            int last = samples.size() - 1;
            while (last > first && samples.get(last).serving() == 0) {
                last--;
            }
            active = first <= last ? List.copyOf(samples.subList(first, last + 1)) : List.of();
        }
        if (active.isEmpty() || slots <= 0) {
            return "n/a";
        }
        long idle = active.stream().filter(s -> s.serving() < slots).count();
        long limited = active.stream()
                .filter(s -> s.serving() < slots && s.limit() < slots)
                .count();
        int[] limits = active.stream().mapToInt(Sample::limit).sorted().toArray();
        return String.format(
                Locale.ROOT,
                "%.0f%% (%.0f%% with limit < slots); limit %d/%d/%d",
                100.0 * idle / active.size(),
                100.0 * limited / active.size(),
                limits[0],
                limits[limits.length / 2],
                limits[limits.length - 1]);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}

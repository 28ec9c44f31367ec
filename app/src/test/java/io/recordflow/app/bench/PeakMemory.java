package io.recordflow.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Peak memory of another JVM: its heap from its own {@code -Xlog:gc} file (the occupancy before each collection is the
 * peak the collector saw) and its resident set from {@code /proc/<pid>/status} (VmHWM, sampled while it lives).
 */
public final class PeakMemory implements AutoCloseable {

    /** e.g. {@code Pause Young (Normal) (G1 Evacuation Pause) 123M->45M(256M) 3.456ms}. */
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private static final Pattern VM_HWM = Pattern.compile("VmHWM:\\s+(\\d+) kB");

    private final Path gcLog;
    private final AtomicLong residentKb = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vmhwm-sampler");
        t.setDaemon(true);
        return t;
    });

    private PeakMemory(Path gcLog) {
        this.gcLog = gcLog;
    }

    /** The JVM option that makes the measured JVM write the GC log this reads. */
    static String gcLogOption(Path gcLog) {
        return "-Xlog:gc:file=" + gcLog;
    }

    /** Starts sampling the resident set of {@code pid} twice a second. */
    static PeakMemory watch(long pid, Path gcLog) {
        PeakMemory peak = new PeakMemory(gcLog);
        Path status = Path.of("/proc", Long.toString(pid), "status");
        peak.sampler.scheduleAtFixedRate(() -> peak.sample(status), 0, 500, TimeUnit.MILLISECONDS);
        return peak;
    }

    /** The resident-set high-water mark (VmHWM) of a live process, in KiB; empty once it has exited. */
    public static OptionalLong residentHighWaterKb(long pid) {
        try {
            Matcher m = VM_HWM.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (NoSuchFileException e) {
            // the process has exited: nothing more to sample
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sample(Path status) {
        try {
            Matcher m = VM_HWM.matcher(Files.readString(status));
            if (m.find()) {
                residentKb.accumulateAndGet(Long.parseLong(m.group(1)), Math::max);
            }
        } catch (NoSuchFileException e) {
            // the process has exited between two samples: its last VmHWM is already recorded
            sampler.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Peak resident set in MiB (VmHWM, heap and everything else). */
    long residentMiB() {
        return residentKb.get() / 1024;
    }

    /** Largest heap occupancy the collector found before a collection, in MiB. */
    long heapUsedMiB() throws IOException {
        return gcFigure(1);
    }

    /** Largest committed heap, in MiB. */
    long heapCommittedMiB() throws IOException {
        return gcFigure(3);
    }

    private long gcFigure(int group) throws IOException {
        long max = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(group)));
            }
        }
        return max;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}

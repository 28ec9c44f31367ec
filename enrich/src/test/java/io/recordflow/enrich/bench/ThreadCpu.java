package io.recordflow.enrich.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of the benchmark JVM's threads over one run, grouped by what the threads do (stream thread, model calls,
 * model server, broker...), so a run can say where its CPU went per record; the rest of the process's CPU time (JIT
 * compiler and GC threads, which are not Java threads, and threads that ended within the run) is its own group.
 */
final class ThreadCpu {
    static final String STREAM_THREAD = "stream thread";
    static final String MODEL_CALLS = "model calls (client)";
    static final String MODEL_SERVER = "model server";
    static final String BROKER = "broker";
    static final String PRODUCER_IO = "producer I/O";
    static final String BENCH = "benchmark consumer";
    static final String OTHER = "other";
    static final String JIT_GC = "JIT, GC, ended threads";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<Long, Long> startNanos;
    private final long processStartNanos;

    private ThreadCpu(Map<Long, Long> startNanos, long processStartNanos) {
        this.startNanos = startNanos;
        this.processStartNanos = processStartNanos;
    }

    /** Notes every live thread's CPU time now. */
    static ThreadCpu start() {
        Map<Long, Long> now = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0) {
                now.put(id, cpu);
            }
        }
        return new ThreadCpu(now, PROCESS.getProcessCpuTime());
    }

    /** CPU milliseconds per record since {@link #start()}, by group, over the threads alive now. */
    Map<String, Double> msPerRecord(int records) {
        Map<String, Double> byGroup = new TreeMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info == null || cpu < 0) {
                continue;
            }
            double ms = (cpu - startNanos.getOrDefault(id, 0L)) / 1e6;
            byGroup.merge(group(info.getThreadName()), ms / records, Double::sum);
        }
        double threads =
                byGroup.values().stream().mapToDouble(Double::doubleValue).sum();
        double process = (PROCESS.getProcessCpuTime() - processStartNanos) / 1e6 / records;
        byGroup.put(JIT_GC, Math.max(0, process - threads));
        return byGroup;
    }

    static String group(String thread) {
        if (thread.startsWith("kafka-producer-network-thread")) {
            return PRODUCER_IO;
        }
        if (thread.contains("-StreamThread-")) {
            return STREAM_THREAD;
        }
        if (thread.startsWith("recordflow-enrich") || thread.startsWith("HttpClient-")) {
            return MODEL_CALLS;
        }
        // FakeOllamaServer: the JDK HttpServer's dispatcher and its cached pool.
        if (thread.startsWith("HTTP-Dispatcher") || thread.matches("pool-\\d+-thread-\\d+")) {
            return MODEL_SERVER;
        }
        if (thread.equals("main")) {
            return BENCH;
        }
        if (thread.startsWith("data-plane-")
                || thread.startsWith("kafka-")
                || thread.startsWith("group-coordinator")
                || thread.startsWith("TxnMarkerSender")
                || thread.startsWith("AddPartitionsToTxn")
                || thread.startsWith("quorum-")
                || thread.startsWith("ExpirationReaper")
                || thread.startsWith("executor-")
                || thread.startsWith("broker-")
                || thread.startsWith("controller-")
                || thread.startsWith("transaction-")
                || thread.startsWith("LogDirFailureHandler")
                || thread.startsWith("share-")) {
            return BROKER;
        }
        return OTHER;
    }
}

package io.recordflow.embedded.kafka;

import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a fatal fault inside an embedded node from halting the whole JVM (Kafka's fault handler calls
 * {@code Exit.halt}, which would kill a test run or the local-mode process): while any node runs, Kafka's exit
 * and halt requests are logged and refused, so Kafka's own error path runs on and the failure reaches the caller
 * (start-up rethrows it; a failed node stops serving clients, which then fail with their own timeouts).
 */
final class FatalFaultGuard {

    private static final Logger LOG = LoggerFactory.getLogger(FatalFaultGuard.class);
    private static int runningNodes;

    private FatalFaultGuard() {
    }

    static synchronized void acquire() {
        if (runningNodes++ == 0) {
            Exit.setExitProcedure(FatalFaultGuard::refuse);
            Exit.setHaltProcedure(FatalFaultGuard::refuse);
        }
    }

    static synchronized void release() {
        if (runningNodes > 0 && --runningNodes == 0) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static void refuse(int status, String message) {
        String reason = "Embedded Kafka hit a fatal fault and asked to terminate the JVM with status " + status
                + (message == null ? "" : " (" + message + ")") + "; refused, the node is unusable now";
        LOG.error(reason);
    }
}

package io.recordflow.embedded.jvm;

import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded Kafka service from ending the whole JVM: Kafka's fault handler calls {@code Exit.halt} and
 * Connect's start-up calls {@code Exit.exit}, either of which would kill a test run or the local-mode process.
 * While any embedded service runs, such requests are logged and refused, so the service's own error path runs on
 * and the failure reaches the caller (start-up checks fail; a failed service stops answering its clients).
 */
public final class JvmExitGuard {

    private static final Logger LOG = LoggerFactory.getLogger(JvmExitGuard.class);
    private static int runningNodes;

    private JvmExitGuard() {
    }

    /** Registers one more running service; the first one installs the guard. */
    public static synchronized void acquire() {
        if (runningNodes++ == 0) {
            Exit.setExitProcedure(JvmExitGuard::refuse);
            Exit.setHaltProcedure(JvmExitGuard::refuse);
        }
    }

    /** Releases one service; the last one restores Kafka's default exit and halt. */
    public static synchronized void release() {
        if (runningNodes > 0 && --runningNodes == 0) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static void refuse(int status, String message) {
        String reason = "An embedded Kafka service asked to terminate the JVM with status " + status
                + (message == null ? "" : " (" + message + ")") + "; refused, the service is unusable now";
        LOG.error(reason);
    }
}

package io.recordflow.embedded.jvm;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps embedded Kafka services from managing the whole JVM. Kafka's fault handler calls {@code Exit.halt} and
 * Connect's start-up calls {@code Exit.exit}, either of which would kill a test run or the local-mode process; while
 * any embedded service runs, such requests are logged and refused, so the service's own error path runs on and the
 * failure reaches the caller. Shutdown hooks the services register through {@code Exit.addShutdownHook} (Connect
 * stops its worker from one) are refused too: the owner closes its services in order, and a hook of their own would
 * stop one concurrently, under or after the services it depends on.
 */
public final class JvmExitGuard {

    private static final Logger LOG = LoggerFactory.getLogger(JvmExitGuard.class);
    private static final List<String> REFUSED_HOOKS = new ArrayList<>();
    private static int runningNodes;

    private JvmExitGuard() {}

    /** Registers one more running service; the first one installs the guard. */
    public static synchronized void acquire() {
        if (runningNodes++ == 0) {
            Exit.setExitProcedure(JvmExitGuard::refuse);
            Exit.setHaltProcedure(JvmExitGuard::refuse);
            Exit.setShutdownHookAdder(JvmExitGuard::refuseHook);
        }
    }

    /** Releases one service; the last one restores Kafka's default exit, halt and shutdown hooks. */
    public static synchronized void release() {
        if (runningNodes > 0 && --runningNodes == 0) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
            Exit.resetShutdownHookAdder();
        }
    }

    /** Names of the shutdown hooks embedded services asked for and did not get, oldest first. */
    public static synchronized List<String> refusedShutdownHooks() {
        return List.copyOf(REFUSED_HOOKS);
    }

    private static void refuse(int status, String message) {
        String reason = "An embedded Kafka service asked to terminate the JVM with status " + status
                + (message == null ? "" : " (" + message + ")") + "; refused, the service is unusable now";
        LOG.error(reason);
    }

    private static synchronized void refuseHook(String name, Runnable hook) {
        REFUSED_HOOKS.add(name);
        LOG.debug("Shutdown hook '{}' of an embedded Kafka service not installed: its owner closes the service", name);
    }
}

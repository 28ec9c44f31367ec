package io.recordflow.ingest.isolation;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One connection to an extraction child, used by one caller at a time: a request line out, the answer line back on
 * the same thread (no hand-off to a reader thread). {@link #killIfOverdue} is called by the pool's watchdog.
 */
final class Lane implements AutoCloseable {

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final ChildJvm child;
    private final SocketChannel channel;
    private final BufferedWriter requests;
    private final BufferedReader answers;
    /** When the current ask must end (System.nanoTime), or NO_DEADLINE when the lane is idle. */
    private volatile long deadlineNanos = NO_DEADLINE;
    /** Set by the watchdog when it killed the child because this lane's file overran. */
    private volatile boolean overdue;

    Lane(ChildJvm child, SocketChannel channel) {
        this.child = child;
        this.channel = channel;
        this.requests =
                new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8));
        this.answers =
                new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    }

    /** What became of one ask: the answer line, or null when the child died, and whether this lane's file overran. */
    record Reply(String line, boolean overdue, IOException cause) {}

    ChildJvm child() {
        return child;
    }

    /** Sends one request and waits for its answer; the watchdog kills the child when the answer is late. */
    Reply ask(String requestJson, long timeoutMillis) {
        overdue = false;
        child.sent();
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String line = null;
        IOException broken = null;
        try {
            requests.write(requestJson);
            requests.newLine();
            requests.flush();
            line = answers.readLine();
        } catch (IOException e) {
            broken = e; // a child that dies mid-write or mid-read resets the connection
        } finally {
            deadlineNanos = NO_DEADLINE;
        }
        if (line != null) {
            child.answered();
        }
        return new Reply(line, overdue, broken);
    }

    /** Kills the child when this lane's ask is past its deadline; called by the pool's watchdog thread. */
    void killIfOverdue(long nowNanos) {
        long deadline = deadlineNanos;
        if (deadline != NO_DEADLINE && nowNanos - deadline > 0) {
            overdue = true;
            child.killForTimeout(); // the blocked read then ends with end-of-stream
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

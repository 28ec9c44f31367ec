package io.recordflow.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds TCP ports on the loopback interface the broker can bind to. */
final class Ports {

    static final String HOST = "127.0.0.1";

    private Ports() {}

    /** A port the operating system reports free right now; another process may still take it before the broker binds. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on " + HOST, e);
        }
    }

    /** Whether {@code port} can be bound on the loopback interface now. */
    static boolean isFree(int port) {
        if (port <= 0) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code preferred} when it is free, otherwise a fresh free port. */
    static int preferOrFree(int preferred) {
        return isFree(preferred) ? preferred : free();
    }
}

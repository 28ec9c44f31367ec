package io.recordflow.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Finds TCP ports on the loopback interface the broker can bind to. */
final class Ports {

    static final String HOST = "127.0.0.1";

    private Ports() {}

    /**
     * Distinct ports the operating system reports free right now, {@code preferred[i]} where that one is free. Every
     * chosen port stays bound until all are chosen, so the operating system cannot hand the same ephemeral port out
     * twice (two listeners on one port make the broker refuse its configuration). Another process may still take a
     * port before the broker binds it.
     */
    static int[] choose(int... preferred) {
        List<ServerSocket> held = new ArrayList<>(preferred.length);
        try {
            int[] ports = new int[preferred.length];
            for (int i = 0; i < preferred.length; i++) {
                ServerSocket socket = bindPreferred(preferred[i]);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on " + HOST, e);
        } finally {
            held.forEach(Ports::closeQuietly);
        }
    }

    private static ServerSocket bindPreferred(int preferred) throws IOException {
        if (preferred > 0) {
            try {
                return bind(preferred);
            } catch (IOException taken) {
                // Taken (by another process or by a port chosen earlier in this call): fall back to any free port.
            }
        }
        return bind(0);
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a listening socket that never accepted cannot lose data; the port is released either way.
        }
    }
}

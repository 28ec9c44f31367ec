package io.recordflow.dockerit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Probes the Docker engine the way Testcontainers will reach it (DOCKER_HOST, else the default socket) with a
 * plain {@code GET /_ping}, so that -Pdocker without an engine stops with one clear line instead of
 * Testcontainers' page of strategy failures.
 */
public final class DockerEngine {

    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private DockerEngine() {}

    /** Runs as the build's {@code require-docker-engine} step: a normal return lets the build go on. */
    public static void main(String[] args) {
        require();
    }

    /** Throws {@link DockerEngineUnavailableException} with the one-line reason when no engine answers. */
    public static void require() {
        String host = dockerHost();
        String problem = ping(host);
        if (problem != null) {
            throw new DockerEngineUnavailableException("-Pdocker needs a running Docker engine: none found at " + host
                    + " (" + problem + "); start Docker or set DOCKER_HOST, or build without -Pdocker");
        }
    }

    static String dockerHost() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? DEFAULT_HOST : env.trim();
    }

    /** Null when the engine answered {@code OK}, else what went wrong. */
    static String ping(String host) {
        URI uri = URI.create(host);
        try (SocketChannel channel = open(uri)) {
            if (channel == null) {
                return "unsupported DOCKER_HOST scheme " + uri.getScheme();
            }
            channel.write(
                    ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(512);
            channel.read(buffer);
            String response = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            return response.startsWith("HTTP/1.") && response.contains(" 200 ")
                    ? null
                    : "unexpected answer to /_ping: "
                            + response.lines().findFirst().orElse("<empty>");
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private static SocketChannel open(URI uri) throws IOException {
        switch (uri.getScheme()) {
            case "unix" -> {
                Path socket = Path.of(uri.getPath());
                if (!Files.exists(socket)) {
                    throw new IOException("no socket file " + socket);
                }
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            }
            case "tcp", "http" -> {
                SocketChannel channel = SocketChannel.open();
                channel.socket().connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) TIMEOUT.toMillis());
                channel.socket().setSoTimeout((int) TIMEOUT.toMillis());
                return channel;
            }
            default -> {
                return null;
            }
        }
    }
}

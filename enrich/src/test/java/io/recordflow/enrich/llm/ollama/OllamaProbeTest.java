package io.recordflow.enrich.llm.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link OllamaProbe} against a real HTTP server answering Ollama's {@code /api/tags}. */
class OllamaProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static OllamaProbe.Pulled pulled(String url, String model) {
        return new OllamaProbe(url, TIMEOUT).pulled(model);
    }

    @Test
    void shouldFindAPulledModelWhateverTheTrailingSlash() throws IOException {
        String url = ollamaAnswering(200, "{\"models\":[{\"name\":\"llama3.2:3b\"},{\"name\":\"llama3.1:8b\"}]}");

        OllamaProbe probe = new OllamaProbe(url + "/", TIMEOUT);

        assertThat(probe.pulled("llama3.1:8b").pulled()).isTrue();
        assertThat(probe.baseUrl()).isEqualTo(url);
    }

    @Test
    void shouldAcceptTheLatestTagForAnUntaggedModelName() throws IOException {
        String url = ollamaAnswering(200, "{\"models\":[{\"name\":\"llama3.1:latest\"}]}");

        assertThat(pulled(url, "llama3.1").pulled()).isTrue();
    }

    @Test
    void shouldSayWhichPullIsMissing() throws IOException {
        String url = ollamaAnswering(200, "{\"models\":[{\"name\":\"llama3.2:3b\"}]}");

        OllamaProbe.Pulled answer = pulled(url, "llama3.1:8b");

        assertThat(answer.pulled()).isFalse();
        assertThat(answer.reason()).contains("has not pulled llama3.1:8b", "ollama pull llama3.1:8b");
    }

    @Test
    void shouldNameTheStatusWhenOllamaAnswersWithAnError() throws IOException {
        String url = ollamaAnswering(500, "{\"error\":\"boom\"}");

        assertThat(pulled(url, "llama3.1:8b").reason()).contains("answered HTTP 500");
    }

    @Test
    void shouldSayNothingListensAtTheUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        OllamaProbe.Pulled answer = pulled("http://127.0.0.1:" + port, "llama3.1:8b");

        assertThat(answer.pulled()).isFalse();
        assertThat(answer.reason()).startsWith("no Ollama at http://127.0.0.1:" + port);
    }

    @Test
    void shouldNameAMalformedUrl() {
        assertThat(pulled("http://bad host:11434", "llama3.1:8b").reason())
                .contains("'http://bad host:11434' is not a URL");
    }

    @Test
    void shouldReadTheDigestFromTheDigestFieldOrElseTheModelfileBlob() throws IOException {
        ObjectMapper json = new ObjectMapper();
        String blob = "a".repeat(64);

        assertThat(OllamaProbe.parseDigest(json.readTree("{\"digest\":\"" + blob + "\"}")))
                .contains("sha256:" + blob);
        assertThat(OllamaProbe.parseDigest(
                        json.readTree("{\"modelfile\":\"FROM /root/.ollama/models/blobs/sha256-" + blob + "\\n\"}")))
                .contains("sha256:" + blob);
        assertThat(OllamaProbe.parseDigest(json.readTree("{}"))).isEmpty();
    }

    private String ollamaAnswering(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/tags", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}

package io.recordflow.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code auto} provider against a real HTTP server answering Ollama's {@code /api/tags}. */
class ModelChoiceTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldChooseOllamaWhenItHasPulledTheModel() throws IOException {
        String url = ollamaAnswering(200, "{\"models\":[{\"name\":\"llama3.2:3b\"},{\"name\":\"llama3.1:8b\"}]}");

        ModelChoice choice = ModelChoice.auto(url + "/", "llama3.1:8b");

        assertThat(choice.provider()).isEqualTo(ModelChoice.OLLAMA);
        assertThat(choice.model()).isEqualTo("llama3.1:8b");
        assertThat(choice.baseUrl()).isEqualTo(url);
    }

    @Test
    void shouldAcceptTheLatestTagForAnUntaggedModelName() throws IOException {
        String url = ollamaAnswering(200, "{\"models\":[{\"name\":\"llama3.1:latest\"}]}");

        assertThat(ModelChoice.auto(url, "llama3.1").provider()).isEqualTo(ModelChoice.OLLAMA);
    }

    @Test
    void shouldFallBackToTheOfflineModelSayingWhichPullIsMissing() throws IOException {
        String url = ollamaAnswering(200, "{\"models\":[{\"name\":\"llama3.2:3b\"}]}");

        ModelChoice choice = ModelChoice.auto(url, "llama3.1:8b");

        assertThat(choice.isLocal()).isTrue();
        assertThat(choice.reason()).contains("has not pulled llama3.1:8b", "ollama pull llama3.1:8b");
    }

    @Test
    void shouldFallBackWhenOllamaAnswersWithAnError() throws IOException {
        String url = ollamaAnswering(500, "{\"error\":\"boom\"}");

        assertThat(ModelChoice.auto(url, "llama3.1:8b").reason()).contains("answered HTTP 500");
    }

    @Test
    void shouldFallBackWhenNothingListensAtTheUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        ModelChoice choice = ModelChoice.auto("http://127.0.0.1:" + port, "llama3.1:8b");

        assertThat(choice.isLocal()).isTrue();
        assertThat(choice.reason()).startsWith("no Ollama at http://127.0.0.1:" + port);
    }

    @Test
    void shouldNameAMalformedOllamaHost() {
        assertThat(ModelChoice.auto("http://bad host:11434", "llama3.1:8b").reason())
            .contains("OLLAMA_HOST 'http://bad host:11434' is not a URL");
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

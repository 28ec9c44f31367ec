package io.recordflow.enrich.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.FormDataFile;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelHttpClientTest {
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final List<String> bodies = new ArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private ModelHttpClient.Builder builder;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/ok", exchange -> answer(exchange, 200, "{\"ok\":true}"));
        server.createContext("/busy", exchange -> answer(exchange, 503, "model is loading"));
        server.createContext("/missing", exchange -> answer(exchange, 404, "{\"error\":\"model not found\"}"));
        server.createContext("/slow", exchange -> {
            requestLines.add(exchange.getRequestURI().toString());
            awaitRelease();
            answer(exchange, 200, "{}");
        });
        server.createContext("/events", exchange -> answer(exchange, 200, "data: one\n\ndata: two\n\n"));
        server.start();
        builder =
                ModelHttpClient.builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofMillis(300));
    }

    @AfterEach
    void stop() {
        release.countDown();
        builder.close();
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    @Test
    void shouldPostTheBodyWithItsHeadersAndReturnStatusHeadersAndBody() {
        SuccessfulHttpResponse response = builder.build().execute(post("/ok", "{\"model\":\"llama3.1:8b\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers()).containsKey("X-served-by");
        synchronized (bodies) {
            assertThat(bodies).containsExactly("POST application/json {\"model\":\"llama3.1:8b\"}");
        }
    }

    @Test
    void shouldKeepOneConnectionAliveForCallsOneAfterAnother() {
        ModelHttpClient client = builder.build();
        for (int i = 0; i < 20; i++) {
            client.execute(post("/ok", "{}"));
        }

        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void shouldRaiseTheStatusAndBodyOfARefusalAsLangchainDoes() {
        ModelHttpClient client = builder.build();

        assertThatThrownBy(() -> client.execute(post("/busy", "{}"))).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.getMessage()).isEqualTo("model is loading");
            assertThat(Failures.isOverload(e)).isTrue();
        });
        assertThatThrownBy(() -> client.execute(post("/missing", "{}")))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(Failures.kindOf(e)).isEqualTo(FailureKind.PERMANENT));
    }

    @Test
    void shouldReportAnAnswerLateBeyondTheReadTimeoutAsAnOverloadTimeout() {
        ModelHttpClient client = builder.build();

        assertThatThrownBy(() -> client.execute(post("/slow", "{}")))
                .isInstanceOf(TimeoutException.class)
                .satisfies(e -> assertThat(Failures.isOverload(e)).isTrue())
                .satisfies(e -> assertThat(Failures.kindOf(e)).isEqualTo(FailureKind.TRANSIENT));
    }

    @Test
    void shouldEndACallStillWaitingForItsAnswerWhenClosed() {
        ModelHttpClient.Builder patient = ModelHttpClient.builder().readTimeout(Duration.ofSeconds(60));
        CompletableFuture<SuccessfulHttpResponse> call =
                CompletableFuture.supplyAsync(() -> patient.build().execute(post("/slow", "{}")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !requestLines.isEmpty() || call.isDone());

        patient.close();

        await().atMost(Duration.ofSeconds(5)).until(call::isDone);
        assertThat(call).isCompletedExceptionally();
    }

    @Test
    void shouldReportARefusedConnectionAsTransientButNoOverload() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpRequest request = HttpRequest.builder()
                .method(HttpMethod.POST)
                .url("http://127.0.0.1:" + closedPort + "/api/chat")
                .body("{}")
                .build();

        assertThatThrownBy(() -> builder.build().execute(request))
                .isInstanceOf(UncheckedIOException.class)
                .satisfies(e -> assertThat(Failures.isOverload(e)).isFalse())
                .satisfies(e -> assertThat(Failures.kindOf(e)).isEqualTo(FailureKind.TRANSIENT));
    }

    @Test
    void shouldHandServerSentEventsToTheListenerBeforeReturning() {
        List<String> seen = new ArrayList<>();
        builder.build()
                .execute(post("/events", "{}"), new DefaultServerSentEventParser(), new ServerSentEventListener() {
                    @Override
                    public void onOpen(SuccessfulHttpResponse response) {
                        seen.add("open " + response.statusCode());
                    }

                    @Override
                    public void onEvent(ServerSentEvent event) {
                        seen.add(event.data());
                    }

                    @Override
                    public void onError(Throwable error) {
                        seen.add("error " + error);
                    }

                    @Override
                    public void onClose() {
                        seen.add("close");
                    }
                });

        assertThat(seen).containsExactly("open 200", "one", "two", "close");
    }

    @Test
    void shouldSendCredentialsOfTheUrlAsBasicAuthenticationNotInTheRequestLine() {
        HttpRequest request = HttpRequest.builder()
                .method(HttpMethod.POST)
                .url("http://llm:url-secret@127.0.0.1:" + server.getAddress().getPort() + "/ok")
                .body("{}")
                .build();

        builder.build().execute(request);

        assertThat(authorizations)
                .containsExactly("Basic "
                        + Base64.getEncoder().encodeToString("llm:url-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(requestLines).containsExactly("/ok");
    }

    @Test
    void shouldSendFormDataAsMultipart() {
        HttpRequest request = HttpRequest.builder()
                .method(HttpMethod.POST)
                .url("http://127.0.0.1:" + server.getAddress().getPort() + "/ok")
                .formDataFields(Map.of("model", "whisper"))
                .formDataFiles(Map.of(
                        "file", new FormDataFile("memo.wav", "audio/wav", "RIFF".getBytes(StandardCharsets.US_ASCII))))
                .build();

        builder.build().execute(request);

        synchronized (bodies) {
            assertThat(bodies)
                    .singleElement()
                    .satisfies(body -> assertThat(body)
                            .startsWith("POST multipart/form-data")
                            .contains("name=\"model\"", "whisper", "filename=\"memo.wav\"", "RIFF"));
        }
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.builder()
                .method(HttpMethod.POST)
                .url("http://127.0.0.1:" + server.getAddress().getPort() + path)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        requestLines.add(exchange.getRequestURI().toString());
        if (exchange.getRequestHeaders().containsKey("Authorization")) {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        }
        String received = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (bodies) {
            bodies.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + received);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("X-Served-By", "test");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.recordflow.app.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.testing.RuleBasedModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The soak's model server as a process of its own: an Ollama-protocol server ({@link FakeOllamaServer} answering with
 * {@link RuleBasedModel}) with a fixed latency per call, a category outside the taxonomy for every
 * {@code outOfTaxonomyEvery}-th text, and a control port on 127.0.0.1 through which the soak injects faults:
 * {@code POST /fault?kind=status|slow|truncated|notjson|empty&count=N[&code=C][&ms=M]}, {@code POST /down},
 * {@code POST /up}, {@code GET /calls}, {@code GET /faults} (faults queued or being served).
 *
 * <p>Arguments: model, num_ctx, latency ms, outOfTaxonomyEvery, file to write {@code modelUrl controlUrl} into.
 */
public final class SoakModelServer {

    /** A code no records schedule has: the enrich validation must refuse it and send the record to review. */
    static final String UNKNOWN_CATEGORY = "GRS-99.9-999";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SoakModelServer() {}

    public static void main(String[] args) throws Exception {
        String model = args[0];
        int numCtx = Integer.parseInt(args[1]);
        Duration latency = Duration.ofMillis(Long.parseLong(args[2]));
        int outOfTaxonomyEvery = Integer.parseInt(args[3]);
        Path portFile = Path.of(args[4]);
        FakeOllamaServer ollama = new FakeOllamaServer(
                        model, numCtx, request -> answer(request, latency, outOfTaxonomyEvery))
                .forgetRequests();
        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        control.createContext("/", exchange -> control(exchange, ollama));
        control.start();
        String controlUrl = "http://127.0.0.1:" + control.getAddress().getPort();
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, ollama.baseUrl() + " " + controlUrl + "\n");
        Files.move(tmp, portFile);
        System.out.println("soak model server: " + ollama.baseUrl() + ", control " + controlUrl);
        new CountDownLatch(1).await();
    }

    private static String answer(JsonNode request, Duration latency, int outOfTaxonomyEvery) {
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating model latency", e);
        }
        String text = FakeOllamaServer.lastUserMessage(request);
        boolean classification = FakeOllamaServer.isClassification(request);
        String content = RuleBasedModel.answer(classification, text);
        // Decided by the document (the first user message), so a repair prompt gets the same wrong answer again.
        if (classification && Math.floorMod(firstUserMessage(request).hashCode(), outOfTaxonomyEvery) == 0) {
            try {
                ObjectNode node = (ObjectNode) JSON.readTree(content);
                node.put("category", UNKNOWN_CATEGORY);
                return node.toString();
            } catch (IOException e) {
                throw new IllegalStateException("RuleBasedModel wrote invalid JSON: " + content, e);
            }
        }
        return content;
    }

    private static String firstUserMessage(JsonNode request) {
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                return message.path("content").asText();
            }
        }
        return "";
    }

    private static void control(HttpExchange exchange, FakeOllamaServer ollama) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI());
        String reply;
        int status = 200;
        switch (path) {
            case "/down" -> {
                ollama.goDown();
                reply = "down";
            }
            case "/up" -> {
                ollama.recover();
                reply = "up";
            }
            case "/calls" -> reply = Integer.toString(ollama.chatCalls());
            case "/faults" -> reply = Integer.toString(ollama.pendingFaults());
            case "/fault" -> {
                int count = Integer.parseInt(query.getOrDefault("count", "1"));
                FakeOllamaServer.Fault fault = fault(query);
                for (int i = 0; i < count; i++) {
                    ollama.enqueue(fault);
                }
                reply = "queued " + count + " x " + fault;
            }
            default -> {
                status = 404;
                reply = "unknown control path " + path;
            }
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            // the soak polls GET /faults every second: only the changes go to the log
            System.out.println("soak model server: " + path + " " + query + " -> " + reply);
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static FakeOllamaServer.Fault fault(Map<String, String> query) {
        return switch (query.get("kind")) {
            case "status" ->
                new FakeOllamaServer.Status(
                        Integer.parseInt(query.get("code")), "{\"error\":\"injected by the soak\"}");
            case "slow" -> new FakeOllamaServer.Slow(Duration.ofMillis(Long.parseLong(query.get("ms"))));
            case "truncated" -> new FakeOllamaServer.Truncated();
            case "empty" -> new FakeOllamaServer.EmptyObject();
            // A proxy's error page where the model's JSON should be.
            case "notjson" -> new FakeOllamaServer.Status(200, "<html><body>502 Bad Gateway</body></html>");
            default -> throw new IllegalArgumentException("unknown fault kind " + query.get("kind"));
        };
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                values.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return values;
    }
}

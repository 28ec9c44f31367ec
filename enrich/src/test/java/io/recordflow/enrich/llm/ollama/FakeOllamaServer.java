package io.recordflow.enrich.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * An in-process HTTP server speaking Ollama's {@code /api/chat} and {@code /api/show}. Every chat request
 * is checked against what RecordFlow must send (model, messages, JSON-schema {@code format},
 * {@code options.num_ctx}, {@code stream:false}, raw base64 {@code images}); violations are recorded
 * and answered with HTTP 400. Scripted faults (slow, 500, 404, truncated JSON, an empty object, an
 * outage) are served first, then the answerer function produces the model's content.
 *
 * <p>With {@link #capacity} the server models a GPU box: N parallel slots, each chat call holding one for a fixed
 * latency; calls beyond N wait for a slot (Ollama's queue) or, with {@code refuseBeyondSlots}, are answered 429 while
 * more than N are open. It accounts busy slot-time, so saturation = busy slot-time / (slots x wall), and counts every
 * request as it arrives.
 */
public final class FakeOllamaServer implements AutoCloseable {
    public static final String DIGEST = "4f2b7f1c9d3e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A fault served instead of a normal answer. */
    public sealed interface Fault permits Slow, Status, Truncated, EmptyObject {}

    public record Slow(Duration delay) implements Fault {}

    public record Status(int code, String body) implements Fault {}

    public record Truncated() implements Fault {}

    public record EmptyObject() implements Fault {}

    private final String model;
    private final Set<String> models = ConcurrentHashMap.newKeySet();
    private final int numCtx;
    private final Function<JsonNode, String> answerer;
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger chatCalls = new AtomicInteger();
    private final AtomicInteger slowInProgress = new AtomicInteger();
    private final int port;
    private volatile HttpServer server;
    private volatile boolean keepRequests = true;
    private volatile Capacity capacity;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger serving = new AtomicInteger();
    private final AtomicInteger maxServing = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final LongAdder busySlotNanos = new LongAdder();
    private final AtomicLong firstRequestAt = new AtomicLong();
    private final AtomicLong lastAnswerAt = new AtomicLong();

    /**
     * N parallel slots, the time a call holds one, and whether calls beyond N are refused (429) or queued; with a
     * spread above 0, each call holds its slot for a log-normal time of that sigma whose mean is the latency, as
     * documents of different lengths make a model's calls differ.
     */
    public record Capacity(int slots, Duration latency, boolean refuseBeyondSlots, double spread, Semaphore free) {
        public Capacity(int slots, Duration latency, boolean refuseBeyondSlots, double spread) {
            this(slots, latency, refuseBeyondSlots, spread, new Semaphore(slots, true));
        }

        Duration nextCall() {
            if (spread == 0) {
                return latency;
            }
            double mu = Math.log(latency.toNanos()) - spread * spread / 2;
            return Duration.ofNanos(
                    (long) Math.exp(mu + spread * ThreadLocalRandom.current().nextGaussian()));
        }
    }

    /**
     * @param model the only model this server knows; others get 404 like Ollama
     * @param numCtx the num_ctx every request must carry
     * @param answerer the model: from the request JSON to the assistant message content
     */
    public FakeOllamaServer(String model, int numCtx, Function<JsonNode, String> answerer) throws IOException {
        this.model = model;
        this.models.add(model);
        this.numCtx = numCtx;
        this.answerer = answerer;
        this.server = start(0);
        this.port = server.getAddress().getPort();
    }

    private HttpServer start(int bindPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), bindPort), 50);
        http.createContext("/api/chat", this::chat);
        http.createContext("/api/show", this::show);
        http.setExecutor(Executors.newCachedThreadPool());
        http.start();
        return http;
    }

    /** Makes the server know one more model (e.g. a vision model). */
    public FakeOllamaServer serve(String otherModel) {
        models.add(otherModel);
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public void enqueue(Fault... next) {
        faults.addAll(List.of(next));
    }

    /** Scripted faults not served yet, plus slow ones still being served. */
    public int pendingFaults() {
        return faults.size() + slowInProgress.get();
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Stops keeping each request for {@link #requests()}: a benchmark sending thousands should not hold them all. */
    public FakeOllamaServer forgetRequests() {
        keepRequests = false;
        return this;
    }

    /** Serves chat calls through {@code slots} parallel slots of {@code latency} each (see the class comment). */
    public FakeOllamaServer capacity(int slots, Duration latency, boolean refuseBeyondSlots) {
        return capacity(slots, latency, refuseBeyondSlots, 0);
    }

    /** As {@link #capacity(int, Duration, boolean)}, each call's time log-normal around {@code latency}. */
    public FakeOllamaServer capacity(int slots, Duration latency, boolean refuseBeyondSlots, double spread) {
        this.capacity = new Capacity(slots, latency, refuseBeyondSlots, spread);
        return this;
    }

    /** Sum over all slots of the time they served a call, in nanoseconds. */
    public long busySlotNanos() {
        return busySlotNanos.sum();
    }

    /** Busy slot-time / (slots x {@code wallNanos}): 1.0 is a server that never idled. */
    public double saturation(long wallNanos) {
        return busySlotNanos() / ((double) capacity.slots() * wallNanos);
    }

    /** Nanoseconds from the first chat request (since the last reset) to the end of the last answer. */
    public long activeNanos() {
        return lastAnswerAt.get() - firstRequestAt.get();
    }

    /** Most chat calls open at once (waiting, served or being refused). */
    public int maxOpen() {
        return maxOpen.get();
    }

    /** Chat calls being served now (holding a slot). */
    public int serving() {
        return serving.get();
    }

    /** Most chat calls served at once (holding a slot). */
    public int maxServing() {
        return maxServing.get();
    }

    /** Chat calls answered 429 because more than the slots were open. */
    public int refused() {
        return refused.get();
    }

    /** Zeroes the counters of requests and slot time (between the phases of a benchmark). */
    public void resetCounters() {
        chatCalls.set(0);
        maxOpen.set(0);
        maxServing.set(0);
        refused.set(0);
        busySlotNanos.reset();
        firstRequestAt.set(0);
        lastAnswerAt.set(0);
    }

    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    public int chatCalls() {
        return chatCalls.get();
    }

    /** Simulates the server going away: connections are refused until {@link #recover()}. */
    public synchronized void goDown() {
        server.stop(0);
    }

    public synchronized void recover() throws IOException {
        server = start(port);
    }

    @Override
    public synchronized void close() {
        server.stop(0);
    }

    private void show(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String name = body.path("model").asText(body.path("name").asText());
        if (!models.contains(name)) {
            respond(exchange, 404, "{\"error\":\"model '" + name + "' not found\"}");
            return;
        }
        ObjectNode show = JSON.createObjectNode();
        show.put(
                "modelfile",
                "# Modelfile generated by \"ollama show\"\nFROM /root/.ollama/models/blobs/sha256-" + DIGEST + "\n");
        show.put("parameters", "stop \"<|eot_id|>\"");
        show.put("template", "{{ .Prompt }}");
        show.putObject("details")
                .put("family", "llama")
                .put("parameter_size", "8.0B")
                .put("quantization_level", "Q4_K_M");
        respond(exchange, 200, show.toString());
    }

    private void chat(HttpExchange exchange) throws IOException {
        chatCalls.incrementAndGet();
        firstRequestAt.compareAndSet(0, System.nanoTime());
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        try {
            Capacity limits = capacity;
            if (limits == null) {
                answerChat(exchange);
            } else if (limits.refuseBeyondSlots() && now > limits.slots()) {
                refused.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                respond(exchange, 429, "{\"error\":\"server busy: " + limits.slots() + " requests already open\"}");
            } else {
                inSlot(exchange, limits);
            }
        } finally {
            open.decrementAndGet();
            lastAnswerAt.accumulateAndGet(System.nanoTime(), Math::max);
        }
    }

    private void inSlot(HttpExchange exchange, Capacity limits) throws IOException {
        limits.free().acquireUninterruptibly();
        long started = System.nanoTime();
        maxServing.accumulateAndGet(serving.incrementAndGet(), Math::max);
        try {
            sleep(limits.nextCall());
            answerChat(exchange);
        } finally {
            serving.decrementAndGet();
            busySlotNanos.add(System.nanoTime() - started);
            limits.free().release();
        }
    }

    private void answerChat(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        JsonNode request = JSON.readTree(body);
        if (keepRequests) {
            requests.add(request);
        }
        List<String> problems = validate(request);
        if (!problems.isEmpty()) {
            violations.addAll(problems);
            respond(exchange, 400, "{\"error\":" + JSON.writeValueAsString(String.join("; ", problems)) + "}");
            return;
        }
        if (!models.contains(request.get("model").asText())) {
            respond(
                    exchange,
                    404,
                    "{\"error\":\"model '" + request.get("model").asText() + "' not found, try pulling it first\"}");
            return;
        }
        Fault fault = faults.poll();
        if (fault instanceof Slow slow) {
            slowInProgress.incrementAndGet();
            try {
                sleep(slow.delay());
            } finally {
                slowInProgress.decrementAndGet();
            }
        } else if (fault instanceof Status status) {
            respond(exchange, status.code(), status.body());
            return;
        } else if (fault instanceof Truncated) {
            String full = answer(request, body.length, answerer.apply(request));
            respond(exchange, 200, full.substring(0, full.length() / 2));
            return;
        } else if (fault instanceof EmptyObject) {
            respond(exchange, 200, "{}");
            return;
        }
        respond(exchange, 200, answer(request, body.length, answerer.apply(request)));
    }

    private String answer(JsonNode request, int requestBytes, String content) {
        ObjectNode response = JSON.createObjectNode();
        response.put("model", request.get("model").asText());
        response.put("created_at", "2026-01-01T00:00:00.000000Z");
        response.putObject("message").put("role", "assistant").put("content", content);
        response.put("done", true);
        response.put("done_reason", "stop");
        response.put("total_duration", 1_000_000L);
        response.put("prompt_eval_count", requestBytes / 4);
        response.put("eval_count", content.length() / 4);
        return response.toString();
    }

    private List<String> validate(JsonNode request) {
        List<String> problems = new ArrayList<>();
        if (!request.path("model").isTextual() || request.get("model").asText().isBlank()) {
            problems.add("model missing");
        }
        if (!request.path("stream").isBoolean() || request.get("stream").asBoolean()) {
            problems.add("stream must be false");
        }
        if (request.path("options").path("num_ctx").asInt(-1) != numCtx) {
            problems.add("options.num_ctx must be " + numCtx + " but was "
                    + request.path("options").path("num_ctx"));
        }
        JsonNode format = request.path("format");
        if (!format.isObject()
                || !"object".equals(format.path("type").asText())
                || !format.path("properties").isObject()
                || !format.path("required").isArray()
                || format.path("required").isEmpty()) {
            problems.add("format must be a JSON schema object with properties and required fields, was " + format);
        }
        if (format.path("properties").has("category")
                && !format.path("properties").path("category").path("enum").isArray()) {
            problems.add("format.properties.category must be an enum of taxonomy codes");
        }
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            problems.add("messages missing");
        }
        for (JsonNode message : messages) {
            if (!List.of("system", "user", "assistant")
                            .contains(message.path("role").asText())
                    || !message.path("content").isTextual()) {
                problems.add("message needs role and content: " + message);
            }
            for (JsonNode image : message.path("images")) {
                String data = image.asText();
                if (data.startsWith("data:")) {
                    problems.add("images must be raw base64 without a data: prefix");
                } else {
                    try {
                        Base64.getDecoder().decode(data);
                    } catch (IllegalArgumentException e) {
                        problems.add("image is not base64");
                    }
                }
            }
        }
        return problems;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The user message of a request (the last one), for answerers. */
    public static String lastUserMessage(JsonNode request) {
        String text = "";
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                text = message.path("content").asText();
            }
        }
        return text;
    }

    /** The first user message of a request: the document, also when the last one is a repair prompt. */
    public static String firstUserMessage(JsonNode request) {
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                return message.path("content").asText();
            }
        }
        return "";
    }

    /** Whether the request has the model's earlier answer in it: a repair prompt follows an invalid answer. */
    public static boolean isRepair(JsonNode request) {
        for (JsonNode message : request.path("messages")) {
            if ("assistant".equals(message.path("role").asText())) {
                return true;
            }
        }
        return false;
    }

    public static boolean isClassification(JsonNode request) {
        return request.path("format").path("properties").has("category");
    }
}

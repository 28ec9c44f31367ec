package io.recordflow.enrich.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.recordflow.enrich.classify.ClassificationPrompt;
import io.recordflow.enrich.classify.DocumentView;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.enrich.testing.RuleBasedModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The openai-compatible provider against an in-process server speaking {@code /v1/chat/completions}, as vLLM does. */
class OpenAiCompatibleProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Taxonomy TAXONOMY = TaxonomyLoader.loadDefault();

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void complete(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        requests.add(request);
        String body;
        if (status.get() != 200) {
            body =
                    "{\"error\":{\"message\":\"The model `missing` does not exist.\",\"type\":\"NotFoundError\",\"code\":404}}";
        } else {
            String user = request.path("messages").get(1).path("content").asText();
            ObjectNode response = JSON.createObjectNode()
                    .put("id", "chatcmpl-1")
                    .put("object", "chat.completion")
                    .put("created", 1_700_000_000L)
                    .put("model", request.path("model").asText());
            ObjectNode choice =
                    response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", RuleBasedModel.answer(true, user));
            response.putObject("usage")
                    .put("prompt_tokens", 321)
                    .put("completion_tokens", 45)
                    .put("total_tokens", 366);
            body = response.toString();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status.get(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private OpenAiCompatibleProvider provider() {
        return new OpenAiCompatibleProvider(new EnrichConfig(
                Map.of(
                        EnrichConfig.PROVIDER,
                        "openai-compatible",
                        EnrichConfig.MODEL,
                        "meta-llama/Llama-3.1-8B-Instruct",
                        EnrichConfig.BASE_URL,
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                        EnrichConfig.TIMEOUT_MS,
                        5_000L),
                Map.of()));
    }

    @Test
    void shouldSendStrictJsonSchemaWithTaxonomyEnumAndReadUsage() throws Exception {
        LlmReply reply = provider()
                .chat(ClassificationPrompt.request(
                        TAXONOMY, new DocumentView("", "FOIA request for budget documents"), List.of()));

        assertThat(reply.text()).contains("GRS-4.2-020");
        assertThat(reply.tokensIn()).isEqualTo(321);
        assertThat(reply.tokensOut()).isEqualTo(45);
        JsonNode sent = requests.get(0);
        assertThat(sent.path("model").asText()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(sent.path("seed").asInt()).isEqualTo(42);
        assertThat(sent.path("temperature").asDouble()).isZero();
        JsonNode format = sent.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(format.path("json_schema")
                        .path("schema")
                        .path("properties")
                        .path("category")
                        .path("enum"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(TAXONOMY.codes());
    }

    @Test
    void shouldTreatUnknownModelAsPermanent() {
        status.set(404);

        assertThatThrownBy(() ->
                        provider().chat(ClassificationPrompt.request(TAXONOMY, new DocumentView("", "x"), List.of())))
                .isInstanceOfSatisfying(
                        LlmException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT));
    }
}

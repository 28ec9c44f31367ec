package io.recordflow.enrich.llm.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.recordflow.enrich.classify.ClassificationPrompt;
import io.recordflow.enrich.classify.DocumentView;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmImage;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.llm.LlmRequest;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.enrich.testing.RuleBasedModel;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OllamaProviderTest {
    private static final Taxonomy TAXONOMY = TaxonomyLoader.loadDefault();
    private FakeOllamaServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOllamaServer(
                "llama3.1:8b",
                4096,
                r -> RuleBasedModel.answer(FakeOllamaServer.isClassification(r), FakeOllamaServer.lastUserMessage(r)));
        server.serve("llama3.2-vision");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OllamaProvider provider(String model, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of(
                EnrichConfig.PROVIDER,
                "ollama",
                EnrichConfig.MODEL,
                model,
                EnrichConfig.BASE_URL,
                server.baseUrl(),
                EnrichConfig.NUM_CTX,
                4096,
                EnrichConfig.TIMEOUT_MS,
                2_000L));
        props.putAll(extra);
        return new OllamaProvider(new EnrichConfig(props, Map.of()));
    }

    private static LlmRequest classification(String text) {
        return ClassificationPrompt.request(TAXONOMY, new DocumentView("File name: a.txt", text), List.of());
    }

    @Test
    void shouldKnowTheModelDigestBeforeItsFirstChatWhenIdentifiedAtStart() {
        OllamaProvider provider = provider("llama3.1:8b", Map.of());
        assertThat(provider.info().modelDigest()).as("not looked up yet").isNull();

        provider.identifyModel();

        assertThat(provider.info().modelDigest()).isEqualTo("sha256:" + FakeOllamaServer.DIGEST);
        assertThat(server.chatCalls()).as("a metadata request, no model call").isZero();
    }

    @Test
    void shouldSendJsonSchemaFormatNumCtxAndStreamFalse() throws Exception {
        LlmReply reply = provider("llama3.1:8b", Map.of()).chat(classification("FOIA request for contracts"));

        assertThat(server.violations()).isEmpty();
        assertThat(reply.text()).contains("\"category\":\"GRS-4.2-020\"");
        assertThat(reply.tokensIn()).isPositive();
        JsonNode sent = server.requests().get(0);
        assertThat(sent.path("format").path("properties").path("category").path("enum"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(TAXONOMY.codes());
        assertThat(sent.path("options").path("temperature").asDouble()).isZero();
        assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
    }

    @Test
    void shouldReportModelDigestFromApiShow() throws Exception {
        OllamaProvider provider = provider("llama3.1:8b", Map.of());
        provider.chat(classification("budget"));

        assertThat(provider.info().modelDigest()).isEqualTo("sha256:" + FakeOllamaServer.DIGEST);
        assertThat(provider.info().parameters())
                .containsEntry("num_ctx", "4096")
                .containsEntry("seed", "42");
    }

    @Test
    void shouldKeepCredentialsOfTheServerUrlOutOfProvenanceParameters() throws Exception {
        String withCredentials = server.baseUrl().replace("http://", "http://llm:url-secret@");
        OllamaProvider provider = provider("llama3.1:8b", Map.of(EnrichConfig.BASE_URL, withCredentials));
        provider.chat(classification("budget"));

        assertThat(provider.info().parameters().get("base_url"))
                .isEqualTo(server.baseUrl().replace("http://", "http://****@"));
        assertThat(provider.info().toString()).doesNotContain("url-secret");
    }

    @Test
    void shouldSendImagesAsRawBase64ToVisionModel() throws Exception {
        OllamaProvider provider = provider("llama3.1:8b", Map.of(EnrichConfig.VISION_MODEL, "llama3.2-vision"));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        LlmRequest request = ClassificationPrompt.request(
                TAXONOMY, new DocumentView("", "scanned invoice"), List.of(new LlmImage(png, "image/png")));

        provider.chat(request);

        assertThat(server.violations()).isEmpty();
        JsonNode sent = server.requests().get(0);
        assertThat(sent.path("model").asText()).isEqualTo("llama3.2-vision");
        assertThat(sent.path("messages").get(1).path("images").get(0).asText())
                .isEqualTo(Base64.getEncoder().encodeToString(png));
    }

    @Test
    void shouldClassifyServerErrorsTruncatedAndEmptyBodiesAsTransient() {
        OllamaProvider provider = provider("llama3.1:8b", Map.of());
        server.enqueue(
                new FakeOllamaServer.Status(500, "{\"error\":\"llama runner process has terminated\"}"),
                new FakeOllamaServer.Truncated(),
                new FakeOllamaServer.EmptyObject());

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> provider.chat(classification("x")))
                    .isInstanceOfSatisfying(
                            LlmException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT));
        }
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void shouldClassifyUnknownModelAsPermanent() {
        OllamaProvider provider = provider("llama9:404b", Map.of());

        assertThatThrownBy(() -> provider.chat(classification("x"))).isInstanceOfSatisfying(LlmException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT);
            assertThat(e.getMessage()).contains("not found");
        });
        assertThat(provider.info().modelDigest()).isNull();
    }

    @Test
    void shouldClassifyTimeoutAndOutageAsTransient() throws Exception {
        OllamaProvider provider = provider("llama3.1:8b", Map.of(EnrichConfig.TIMEOUT_MS, 1_000L));
        server.enqueue(new FakeOllamaServer.Slow(Duration.ofMillis(3_000)));

        assertThatThrownBy(() -> provider.chat(classification("x")))
                .isInstanceOfSatisfying(
                        LlmException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT));

        server.goDown();
        assertThatThrownBy(() -> provider.chat(classification("x")))
                .isInstanceOfSatisfying(
                        LlmException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT));
        server.recover();
        assertThat(provider.chat(classification("budget request")).text()).contains("GRS-1.3-010");
    }
}

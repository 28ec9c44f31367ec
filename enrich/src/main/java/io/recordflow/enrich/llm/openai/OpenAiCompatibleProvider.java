package io.recordflow.enrich.llm.openai;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LangChainChat;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.llm.LlmRequest;
import io.recordflow.enrich.llm.ModelHttpClient;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.secrets.UrlRedaction;
import java.util.Map;

/** OpenAI-compatible chat servers (vLLM, llama.cpp server) through langchain4j-open-ai with strict JSON schema. */
public final class OpenAiCompatibleProvider implements LlmProvider {
    private final OpenAiChatModel chatModel;
    private final ModelHttpClient.Builder http = ModelHttpClient.builder();
    private final ProviderInfo info;

    public OpenAiCompatibleProvider(EnrichConfig config) {
        String key = config.apiKey().value();
        this.chatModel = OpenAiChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(config.baseUrl())
                // Local servers ignore the key, but the client requires one.
                .apiKey(key.isBlank() ? "none" : key)
                .modelName(config.model())
                .temperature(config.temperature())
                .seed(config.seed())
                .timeout(config.timeout())
                .maxRetries(0)
                .strictJsonSchema(true)
                .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                .build();
        // OpenAI-compatible servers expose no content digest; the served model name is the best identity.
        this.info = new ProviderInfo(
                "openai-compatible",
                config.model(),
                null,
                Map.of(
                        "temperature", String.valueOf(config.temperature()),
                        "seed", String.valueOf(config.seed()),
                        "timeout_ms", String.valueOf(config.timeout().toMillis()),
                        "num_ctx", String.valueOf(config.numCtx()),
                        "base_url", UrlRedaction.redact(config.baseUrl())));
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public LlmReply chat(LlmRequest request) throws LlmException {
        return LangChainChat.call(chatModel, "openai-compatible chat with " + info.model(), request);
    }

    @Override
    public void close() {
        http.close();
    }
}

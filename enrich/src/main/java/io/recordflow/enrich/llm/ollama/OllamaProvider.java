package io.recordflow.enrich.llm.ollama;

import dev.langchain4j.model.ollama.OllamaChatModel;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LangChainChat;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.llm.LlmRequest;
import io.recordflow.enrich.llm.ModelHttpClient;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.secrets.UrlRedaction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ollama through langchain4j-ollama: num_ctx, timeout, temperature and seed set explicitly, no client
 * retries (the pipeline retries without blocking), and a vision model for requests carrying images.
 */
public final class OllamaProvider implements LlmProvider {
    private final OllamaChatModel textModel;
    private final OllamaChatModel visionModel;
    private final String model;
    private final String vision;
    private final Map<String, String> parameters;
    private final OllamaProbe probe;
    private final ModelHttpClient.Builder http = ModelHttpClient.builder();
    private volatile String digest;

    public OllamaProvider(EnrichConfig config) {
        this.model = config.model();
        this.vision = config.visionModel();
        this.textModel = build(config, model, http);
        this.visionModel = vision.isBlank() ? null : build(config, vision, http);
        this.probe = new OllamaProbe(config.baseUrl(), config.timeout());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("num_ctx", String.valueOf(config.numCtx()));
        params.put("temperature", String.valueOf(config.temperature()));
        params.put("seed", String.valueOf(config.seed()));
        params.put("timeout_ms", String.valueOf(config.timeout().toMillis()));
        params.put("base_url", UrlRedaction.redact(config.baseUrl()));
        if (!vision.isBlank()) {
            params.put("vision_model", vision);
        }
        this.parameters = Map.copyOf(params);
    }

    private static OllamaChatModel build(EnrichConfig config, String modelName, ModelHttpClient.Builder http) {
        return OllamaChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(config.baseUrl())
                .modelName(modelName)
                .numCtx(config.numCtx())
                .temperature(config.temperature())
                .seed(config.seed())
                .timeout(config.timeout())
                .maxRetries(0)
                .build();
    }

    /**
     * Looks the model's digest up now ({@code /api/show}, a metadata request, no model call) unless it is known: the
     * analysis cache keys by digest, so an application should know it before its first lookup. Blocks up to the
     * configured timeout; when the server does not answer the first chat call tries again.
     */
    public OllamaProvider identifyModel() {
        if (digest == null) {
            digest = probe.digest(model).orElse(null);
        }
        return this;
    }

    /** Never blocks: the digest is looked up by the first chat call, which already runs off the stream thread. */
    @Override
    public ProviderInfo info() {
        return new ProviderInfo("ollama", model, digest, parameters);
    }

    @Override
    public LlmReply chat(LlmRequest request) throws LlmException {
        if (digest == null) {
            digest = probe.digest(model).orElse(null);
        }
        boolean image = !request.images().isEmpty() && visionModel != null;
        return LangChainChat.call(
                image ? visionModel : textModel, "ollama chat with " + (image ? vision : model), request);
    }

    @Override
    public void close() {
        http.close();
    }
}

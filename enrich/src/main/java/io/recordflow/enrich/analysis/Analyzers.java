package io.recordflow.enrich.analysis;

import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.local.LocalEmbeddings;
import io.recordflow.enrich.llm.ollama.OllamaProvider;
import io.recordflow.enrich.llm.openai.OpenAiCompatibleProvider;
import io.recordflow.enrich.taxonomy.Taxonomy;

/** Creates the analyzer the configuration asks for. */
public final class Analyzers {
    private Analyzers() {}

    public static Analyzer create(EnrichConfig config, Taxonomy taxonomy) throws LlmException {
        return switch (config.provider()) {
            case "ollama" ->
                new LlmAnalyzer(
                        // At start, off the stream thread: the first cache lookups need the model's digest.
                        new OllamaProvider(config).identifyModel(),
                        taxonomy,
                        config.numCtx(),
                        config.repairAttempts(),
                        new ImageLoader(!config.visionModel().isBlank(), config.blobRoots(), config.imageMaxPixels()));
            case "openai-compatible" ->
                new LlmAnalyzer(
                        new OpenAiCompatibleProvider(config),
                        taxonomy,
                        config.numCtx(),
                        config.repairAttempts(),
                        ImageLoader.disabled());
            case "local" -> new LocalAnalyzer(new LocalEmbeddings(), taxonomy);
            default -> throw new IllegalArgumentException("unknown provider " + config.provider());
        };
    }
}

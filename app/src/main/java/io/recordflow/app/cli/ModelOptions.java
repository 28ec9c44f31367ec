package io.recordflow.app.cli;

import io.recordflow.enrich.config.EnrichConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

/**
 * The model options of every command that runs the enrich stage ({@code run}, {@code replay}, {@code enrich}), with
 * one set of defaults: provider {@value ModelChoice#AUTO}, model {@value EnrichConfig#DEFAULT_MODEL}, Ollama at
 * {@code OLLAMA_HOST} or {@value EnrichConfig#DEFAULT_OLLAMA_URL}. An option wins over the same {@code enrich.*}
 * setting given with {@code --set} or, for {@code enrich}, in its settings file and environment.
 */
public final class ModelOptions {

    @Option(
            names = "--provider",
            paramLabel = "P",
            description = "auto, local, ollama or openai-compatible (default: "
                    + ModelChoice.AUTO + ": Ollama at --base-url, else OLLAMA_HOST, else "
                    + EnrichConfig.DEFAULT_OLLAMA_URL
                    + ", when it answers and has --model pulled; otherwise the in-process offline model, announced).")
    private String provider;

    @Option(
            names = "--model",
            paramLabel = "M",
            description = "Model name for Ollama or an OpenAI-compatible server " + "(default: "
                    + EnrichConfig.DEFAULT_MODEL + ").")
    private String model;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "Model server URL (default: OLLAMA_HOST, else " + EnrichConfig.DEFAULT_OLLAMA_URL
                    + "; required for openai-compatible).")
    private String baseUrl;

    @Option(
            names = "--vision-model",
            paramLabel = "M",
            description = "Ollama vision model for images, e.g. "
                    + "llama3.2-vision (default: none, images are classified from their OCR text).")
    private String visionModel;

    @Option(
            names = "--prompt-version",
            paramLabel = "V",
            description = "Prompt version recorded in provenance and in "
                    + "the analysis-cache key (default: the analyzer's own).")
    private String promptVersion;

    @Option(
            names = "--taxonomy",
            paramLabel = "FILE",
            description = "Records schedule YAML to classify against "
                    + "(default: the shipped NARA General Records Schedule).")
    private Path taxonomy;

    @Option(
            names = "--set",
            paramLabel = "enrich.KEY=VALUE",
            description = "Any further enrich setting, e.g. " + "--set enrich.num.ctx=16384 (repeatable).")
    private Map<String, String> settings = new LinkedHashMap<>();

    /** The model chosen and every setting to run the enrich stage with. */
    public record Resolved(ModelChoice choice, Map<String, Object> settings) {}

    /**
     * Applies the options over {@code base} (settings of the command's other sources; other keys pass through) and
     * resolves the provider, probing Ollama when it is {@value ModelChoice#AUTO}.
     *
     * @param env the process environment, for {@code OLLAMA_HOST}
     */
    public Resolved resolve(Map<String, ?> base, Map<String, String> env) {
        settings.keySet().stream()
                .filter(key -> !EnrichConfig.CONFIG.names().contains(key))
                .findFirst()
                .ifPresent(key -> {
                    throw new ConfigException(
                            key,
                            settings.get(key),
                            "--set takes enrich settings only, one of " + new TreeSet<>(EnrichConfig.CONFIG.names()));
                });
        Map<String, Object> all = new HashMap<>(base);
        all.putAll(settings);
        putGiven(all, EnrichConfig.MODEL, model);
        putGiven(all, EnrichConfig.BASE_URL, baseUrl);
        putGiven(all, EnrichConfig.VISION_MODEL, visionModel);
        putGiven(all, EnrichConfig.PROMPT_VERSION, promptVersion);
        putGiven(all, EnrichConfig.TAXONOMY_PATH, taxonomy == null ? null : taxonomy.toString());
        String setProvider = text(all, EnrichConfig.PROVIDER);
        String chosen = provider != null ? provider : setProvider.isEmpty() ? ModelChoice.AUTO : setProvider;
        String source = provider != null ? "--provider " + provider : EnrichConfig.PROVIDER + "=" + setProvider;
        String wanted =
                text(all, EnrichConfig.MODEL).isEmpty() ? EnrichConfig.DEFAULT_MODEL : text(all, EnrichConfig.MODEL);
        String url = text(all, EnrichConfig.BASE_URL);
        ModelChoice choice = switch (chosen) {
            case ModelChoice.AUTO -> ModelChoice.auto(url.isEmpty() ? EnrichConfig.ollamaUrl(env) : url, wanted);
            case ModelChoice.LOCAL -> ModelChoice.local(source);
            default -> new ModelChoice(chosen, wanted, url, source);
        };
        if (ModelChoice.AUTO.equals(chosen)
                && choice.isLocal()
                && !text(all, EnrichConfig.VISION_MODEL).isEmpty()) {
            // Only Ollama serves a vision model; the fallback classifies images from their OCR text, and says so.
            choice = ModelChoice.local(
                    choice.reason() + "; vision model " + all.remove(EnrichConfig.VISION_MODEL) + " not used");
        }
        all.put(EnrichConfig.PROVIDER, choice.provider());
        all.put(EnrichConfig.MODEL, choice.model());
        all.put(EnrichConfig.BASE_URL, choice.baseUrl());
        return new Resolved(choice, all);
    }

    private static void putGiven(Map<String, Object> settings, String key, String option) {
        if (option != null) {
            settings.put(key, option);
        }
    }

    private static String text(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        return value == null ? "" : value.toString().trim();
    }
}

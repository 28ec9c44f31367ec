package io.recordflow.app.cli;

import io.recordflow.enrich.llm.ollama.OllamaProbe;
import java.time.Duration;

/**
 * The model a command runs with once {@code --provider auto} is resolved: Ollama when it answers at its URL and has
 * the wanted model pulled, else the in-process offline model. The reason is kept so the choice can be announced.
 */
public record ModelChoice(String provider, String model, String baseUrl, String reason) {

    /** Ollama when it has the model, else the offline model: the default provider of every model-running command. */
    public static final String AUTO = "auto";
    /** The offline model. */
    public static final String LOCAL = "local";
    /** Ollama. */
    public static final String OLLAMA = "ollama";

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    /** Asks Ollama at {@code ollamaUrl} for its pulled models and chooses Ollama only if {@code model} is among them. */
    public static ModelChoice auto(String ollamaUrl, String model) {
        OllamaProbe probe = new OllamaProbe(ollamaUrl, PROBE_TIMEOUT);
        OllamaProbe.Pulled answer = probe.pulled(model);
        return answer.pulled()
                ? new ModelChoice(OLLAMA, model, probe.baseUrl(), answer.reason())
                : local(answer.reason());
    }

    /** The in-process offline model, for the given reason. */
    public static ModelChoice local(String reason) {
        return new ModelChoice(LOCAL, "", "", reason);
    }

    /** The line that tells the user which model runs; the offline model is announced loudly, since it is not Llama. */
    public String announcement() {
        return isLocal()
                ? "*** Using the in-process OFFLINE model (quantized MiniLM: zero-shot classification, extractive "
                        + "summaries), not Llama: " + reason + ". Provenance records provider=local. ***"
                : "Using " + provider + " model " + model + " (" + reason + ")";
    }

    /** Whether this is the offline model. */
    public boolean isLocal() {
        return LOCAL.equals(provider);
    }
}

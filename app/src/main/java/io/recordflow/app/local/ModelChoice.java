package io.recordflow.app.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * Resolves the {@code auto} model provider of the local mode: Ollama when it answers at its URL and has the wanted
 * model pulled, else the in-process offline model. The reason is kept so the choice can be announced.
 */
public record ModelChoice(String provider, String model, String baseUrl, String reason) {

    /** The offline default. */
    public static final String LOCAL = "local";
    /** Ollama. */
    public static final String OLLAMA = "ollama";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Asks Ollama at {@code ollamaUrl} for its pulled models and chooses Ollama only if {@code model} is among them. */
    public static ModelChoice auto(String ollamaUrl, String model) {
        String url = ollamaUrl.endsWith("/") ? ollamaUrl.substring(0, ollamaUrl.length() - 1) : ollamaUrl;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            var response = client.send(HttpRequest.newBuilder(URI.create(url + "/api/tags"))
                .timeout(Duration.ofSeconds(3)).GET().build(), BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return local("Ollama at " + url + " answered HTTP " + response.statusCode() + " to /api/tags");
            }
            for (JsonNode m : JSON.readTree(response.body()).path("models")) {
                String name = m.path("name").asText();
                if (name.equals(model) || name.equals(model + ":latest")) {
                    return new ModelChoice(OLLAMA, model, url, "Ollama at " + url + " has " + model);
                }
            }
            return local("Ollama at " + url + " answers but has not pulled " + model + " (ollama pull " + model + ")");
        } catch (IOException e) {
            return local("no Ollama at " + url + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return local("interrupted while probing Ollama at " + url);
        } catch (IllegalArgumentException e) {
            return local("OLLAMA_HOST '" + ollamaUrl + "' is not a URL: " + e.getMessage());
        }
    }

    /** The in-process offline model, for the given reason. */
    public static ModelChoice local(String reason) {
        return new ModelChoice(LOCAL, "", "", reason);
    }

    /** Whether this is the offline model. */
    public boolean isLocal() {
        return LOCAL.equals(provider);
    }
}

package io.recordflow.enrich.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an Ollama server about its models over its HTTP API: whether a model is pulled ({@code /api/tags}, for the
 * {@code auto} provider) and a model's content digest ({@code /api/show}, for provenance).
 */
public final class OllamaProbe {
    private static final Logger LOG = LoggerFactory.getLogger(OllamaProbe.class);
    private static final Pattern BLOB = Pattern.compile("sha256[-:]([0-9a-f]{64})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;

    /** A probe of the server at {@code baseUrl}, each request bounded by {@code timeout}. */
    public OllamaProbe(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The server URL without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Whether the server has a model pulled, and why not: the reason is meant to be shown to the user. */
    public record Pulled(boolean pulled, String reason) {}

    /** Asks {@code /api/tags} whether {@code model} (or {@code model:latest}) is pulled; never throws. */
    public Pulled pulled(String model) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/api/tags"))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Pulled(
                        false, "Ollama at " + baseUrl + " answered HTTP " + response.statusCode() + " to /api/tags");
            }
            for (JsonNode m : JSON.readTree(response.body()).path("models")) {
                String name = m.path("name").asText();
                if (name.equals(model) || name.equals(model + ":latest")) {
                    return new Pulled(true, "Ollama at " + baseUrl + " has " + model);
                }
            }
            return new Pulled(
                    false,
                    "Ollama at " + baseUrl + " answers but has not pulled " + model + " (ollama pull " + model + ")");
        } catch (IOException e) {
            return new Pulled(
                    false, "no Ollama at " + baseUrl + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Pulled(false, "interrupted while probing Ollama at " + baseUrl);
        } catch (IllegalArgumentException e) {
            return new Pulled(false, "the Ollama URL '" + baseUrl + "' is not a URL: " + e.getMessage());
        }
    }

    /**
     * The model's digest from {@code /api/show}: the {@code digest} field where the server sends one, otherwise the
     * {@code sha256-...} blob the Modelfile's {@code FROM} line names; empty when the server is unreachable or does
     * not know the model (logged: provenance will lack the digest).
     */
    public Optional<String> digest(String model) {
        try {
            String body = JSON.writeValueAsString(JSON.createObjectNode().put("model", model));
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/show"))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warn(
                        "Ollama /api/show for model {} answered HTTP {}; provenance will lack the model digest",
                        model,
                        response.statusCode());
                return Optional.empty();
            }
            return parseDigest(JSON.readTree(response.body()));
        } catch (IOException e) {
            LOG.warn("Ollama /api/show for model {} at {} failed: {}", model, baseUrl, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<String> parseDigest(JsonNode show) {
        if (show.hasNonNull("digest")) {
            String digest = show.get("digest").asText();
            return Optional.of(digest.startsWith("sha256:") ? digest : "sha256:" + digest);
        }
        Matcher m = BLOB.matcher(show.path("modelfile").asText(""));
        return m.find() ? Optional.of("sha256:" + m.group(1)) : Optional.empty();
    }
}

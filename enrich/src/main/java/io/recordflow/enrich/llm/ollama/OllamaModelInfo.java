package io.recordflow.enrich.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Looks up a model's content digest from Ollama's {@code /api/show}: the {@code digest} field where the
 * server sends one, otherwise the {@code sha256-...} blob the Modelfile's {@code FROM} line names.
 */
public final class OllamaModelInfo {
    private static final Logger LOG = LoggerFactory.getLogger(OllamaModelInfo.class);
    private static final Pattern BLOB = Pattern.compile("sha256[-:]([0-9a-f]{64})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;

    public OllamaModelInfo(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The digest, or empty when the server is unreachable or does not know the model (logged). */
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
                LOG.warn("Ollama /api/show for model {} answered HTTP {}; provenance will lack the model digest",
                        model, response.statusCode());
                return Optional.empty();
            }
            return parse(JSON.readTree(response.body()));
        } catch (java.io.IOException e) {
            LOG.warn("Ollama /api/show for model {} at {} failed: {}", model, baseUrl, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<String> parse(JsonNode show) {
        if (show.hasNonNull("digest")) {
            String digest = show.get("digest").asText();
            return Optional.of(digest.startsWith("sha256:") ? digest : "sha256:" + digest);
        }
        Matcher m = BLOB.matcher(show.path("modelfile").asText(""));
        return m.find() ? Optional.of("sha256:" + m.group(1)) : Optional.empty();
    }
}

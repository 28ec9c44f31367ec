package io.recordflow.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordflow.serde.AvroSerdeConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the Confluent Schema Registry REST API (Confluent, Karapace, Apicurio ccompat,
 * Redpanda), built on the JDK HTTP client. Several base URLs fail over: a refused connection, a
 * timeout or a 5xx answer moves on to the next URL; the URL that answered last is tried first. When no URL answers,
 * the request is retried with backoff per {@link RegistryRetry}; error answers (4xx) are final. Each (subject, schema)
 * is registered once per client: concurrent callers share the registration in flight.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    /** The registry's media type, sent as Content-Type and preferred in Accept. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final String ACCEPT =
            CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RegistryEndpoint> endpoints;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final AtomicInteger preferred = new AtomicInteger();
    private final RegistryRetry retry;
    // Completed futures are the cache; an in-flight one makes concurrent callers wait for the same registration.
    private final Map<String, Map<String, CompletableFuture<Integer>>> registrations = new ConcurrentHashMap<>();
    private final Map<String, Map<String, RegisteredSchema>> lookups = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final SchemaTexts texts = new SchemaTexts();

    /** A client without explicit credentials (credentials in the URLs are still used). */
    public RestSchemaRegistryClient(List<String> urls) {
        this(urls, Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /**
     * @param urls one or more base URLs, tried in order on connection failure or 5xx
     * @param credentials basic-auth credentials for every URL; when empty, credentials embedded in a
     *     URL are used for that URL
     */
    public RestSchemaRegistryClient(
            List<String> urls,
            Optional<BasicAuthCredentials> credentials,
            Duration connectTimeout,
            Duration requestTimeout) {
        this(urls, credentials, connectTimeout, requestTimeout, Optional.empty());
    }

    /**
     * @param sslContext the TLS context for https:// URLs (trust store, client certificate); the JVM's default when
     *     empty
     */
    public RestSchemaRegistryClient(
            List<String> urls,
            Optional<BasicAuthCredentials> credentials,
            Duration connectTimeout,
            Duration requestTimeout,
            Optional<SSLContext> sslContext) {
        this(urls, credentials, connectTimeout, requestTimeout, sslContext, RegistryRetry.NONE);
    }

    /**
     * @param retry how long to keep retrying when no URL answers (connection errors, timeouts, 5xx)
     */
    public RestSchemaRegistryClient(
            List<String> urls,
            Optional<BasicAuthCredentials> credentials,
            Duration connectTimeout,
            Duration requestTimeout,
            Optional<SSLContext> sslContext,
            RegistryRetry retry) {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("At least one schema registry URL is required");
        }
        this.endpoints =
                urls.stream().map(u -> RegistryEndpoint.parse(u, credentials)).toList();
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(connectTimeout);
        sslContext.ifPresent(http::sslContext);
        this.http = http.build();
    }

    /** The base URLs, without credentials. */
    public List<String> urls() {
        return endpoints.stream().map(RegistryEndpoint::baseUrl).toList();
    }

    @Override
    public int register(String subject, Schema schema) {
        String text = texts.of(schema);
        Map<String, CompletableFuture<Integer>> bySchema =
                registrations.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        CompletableFuture<Integer> mine = new CompletableFuture<>();
        CompletableFuture<Integer> inFlight = bySchema.putIfAbsent(text, mine);
        if (inFlight != null) {
            return awaitRegistration(inFlight, subject);
        }
        try {
            int id = requiredInt(send("POST", subjectPath(subject) + "/versions", schemaBody(text)), "id");
            schemasById.putIfAbsent(id, schema);
            mine.complete(id);
            return id;
        } catch (RuntimeException e) {
            // Not cached: the next caller tries again; the callers waiting now share this failure.
            bySchema.remove(text, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static int awaitRegistration(CompletableFuture<Integer> inFlight, String subject) {
        try {
            return inFlight.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SchemaRegistryException registryError) {
                throw registryError;
            }
            throw new SchemaRegistryException(
                    "Registration of a schema under subject '" + subject + "' failed: " + e.getCause(),
                    0,
                    0,
                    null,
                    e.getCause());
        }
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        String text = texts.of(schema);
        Map<String, RegisteredSchema> bySchema = lookups.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        RegisteredSchema cached = bySchema.get(text);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema found = metadata(send("POST", subjectPath(subject), schemaBody(text)));
        bySchema.put(text, found);
        schemasById.putIfAbsent(found.id(), found.schema());
        return found;
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        requireAvro(answer, "schema id " + id);
        Schema schema = parseSchema(requiredText(answer, "schema"), "schema id " + id);
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema getLatestSchemaMetadata(String subject) {
        return metadata(send("GET", subjectPath(subject) + "/versions/latest", null));
    }

    @Override
    public RegisteredSchema getSchemaMetadata(String subject, int version) {
        return metadata(send("GET", subjectPath(subject) + "/versions/" + version, null));
    }

    @Override
    public List<Integer> getAllVersions(String subject) {
        List<Integer> versions = new ArrayList<>();
        send("GET", subjectPath(subject) + "/versions", null).forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        JsonNode answer = send(
                "POST", "/compatibility" + subjectPath(subject) + "/versions/latest", schemaBody(texts.of(schema)));
        return answer.path("is_compatible").asBoolean(false);
    }

    @Override
    public List<String> getAllSubjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    @Override
    public CompatibilityLevel getGlobalCompatibility() {
        return level(send("GET", "/config", null));
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        return level(send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null));
    }

    @Override
    public void updateGlobalCompatibility(CompatibilityLevel level) {
        send("PUT", "/config", JSON.createObjectNode().put("compatibility", level.name()));
    }

    @Override
    public void updateCompatibility(String subject, CompatibilityLevel level) {
        send("PUT", "/config/" + encode(subject), JSON.createObjectNode().put("compatibility", level.name()));
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        List<Integer> versions = new ArrayList<>();
        send("DELETE", subjectPath(subject), null).forEach(v -> versions.add(v.asInt()));
        registrations.remove(subject);
        lookups.remove(subject);
        return versions;
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient" + urls();
    }

    /** Sends a request, retrying with backoff while no URL answers, until the retry deadline. */
    private JsonNode send(String method, String path, JsonNode body) {
        long start = System.nanoTime();
        Duration backoff = retry.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(method, path, body);
            } catch (SchemaRegistryUnavailableException e) {
                Duration left = retry.maxElapsed().minus(Duration.ofNanos(System.nanoTime() - start));
                // With a deadline set, one retry at least: a first attempt slower than the deadline is no reason.
                boolean pastDeadline = (left.isNegative() || left.isZero())
                        && (attempt > 1 || retry.maxElapsed().isZero());
                if (pastDeadline || Thread.currentThread().isInterrupted()) {
                    if (retry.maxElapsed().isZero()) {
                        throw e;
                    }
                    throw new SchemaRegistryUnavailableException(
                            e.getMessage() + " (gave up after " + attempt + " attempt(s) over "
                                    + Duration.ofNanos(System.nanoTime() - start)
                                            .toMillis() + " ms, "
                                    + AvroSerdeConfig.RETRY_MAX_MS_CONFIG + "="
                                    + retry.maxElapsed().toMillis() + ")",
                            e.url(),
                            e);
                }
                Duration pause = left.isNegative() ? Duration.ZERO : backoff.compareTo(left) < 0 ? backoff : left;
                LOG.warn(
                        "Schema registry {} {}: no registry answered (attempt {}); retrying in {} ms",
                        method,
                        path,
                        attempt,
                        pause.toMillis());
                pauseBeforeRetry(pause, e);
                backoff = retry.next(backoff);
            }
        }
    }

    private static void pauseBeforeRetry(Duration pause, SchemaRegistryUnavailableException failure) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private JsonNode sendOnce(String method, String path, JsonNode body) {
        List<String> failures = new ArrayList<>();
        Throwable lastCause = null;
        int first = preferred.get();
        for (int i = 0; i < endpoints.size(); i++) {
            int index = (first + i) % endpoints.size();
            RegistryEndpoint endpoint = endpoints.get(index);
            URI uri = endpoint.resolve(path);
            HttpResponse<String> response;
            try {
                response = http.send(request(method, uri, endpoint, body), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                failures.add(uri + " (" + describe(e) + ")");
                lastCause = e;
                LOG.warn("Schema registry {} {} failed: {}", method, uri, describe(e));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException(
                        "Interrupted while calling schema registry " + method + " " + uri, uri.toString(), e);
            }
            int status = response.statusCode();
            if (status >= 500) {
                failures.add(uri + " (HTTP " + status + ": " + errorMessage(response.body()) + ")");
                LOG.warn("Schema registry {} {} answered HTTP {}", method, uri, status);
                continue;
            }
            preferred.set(index);
            if (status >= 200 && status < 300) {
                return parseJson(response.body(), method + " " + uri);
            }
            throw RegistryErrors.toException(
                    status, errorCode(response.body(), status), errorMessage(response.body()), method + " " + uri);
        }
        throw new SchemaRegistryUnavailableException(
                "Schema registry unavailable: "
                        + method
                        + " "
                        + path
                        + " failed on every URL tried: "
                        + String.join("; ", failures),
                String.join(",", urls()),
                lastCause);
    }

    private HttpRequest request(String method, URI uri, RegistryEndpoint endpoint, JsonNode body) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", ACCEPT);
        endpoint.credentials().ifPresent(c -> builder.header("Authorization", c.authorizationHeader()));
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    private static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "request timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SSLHandshakeException) {
            return "TLS handshake failed (is the registry's certificate trusted through "
                    + AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG + "?): " + e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static JsonNode schemaBody(String schemaText) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schemaText);
        return body;
    }

    private RegisteredSchema metadata(JsonNode answer) {
        String subject = requiredText(answer, "subject");
        int id = requiredInt(answer, "id");
        requireAvro(answer, "schema id " + id);
        Schema schema = parseSchema(requiredText(answer, "schema"), "schema id " + id);
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(subject, requiredInt(answer, "version"), id, schema);
    }

    private static CompatibilityLevel level(JsonNode answer) {
        JsonNode level =
                answer.has("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
        if (level == null) {
            throw new SchemaRegistryException(
                    "Schema registry config answer has no compatibility level: " + answer, 0, 200, null);
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private static void requireAvro(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new InvalidSchemaException(
                    "The registry holds " + what + " as " + type + "; RecordFlow reads only AVRO schemas",
                    RegistryErrors.INVALID_SCHEMA,
                    200,
                    null);
        }
    }

    private static Schema parseSchema(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new InvalidSchemaException(
                    "The registry returned an unparseable Avro schema for " + what + ": " + e.getMessage(),
                    RegistryErrors.INVALID_SCHEMA,
                    200,
                    null);
        }
    }

    private static JsonNode parseJson(String body, String request) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(
                    "Schema registry answered " + request + " with a body that is not JSON: " + abbreviate(body),
                    0,
                    200,
                    request);
        }
    }

    private static int errorCode(String body, int status) {
        try {
            return JSON.readTree(body).path("error_code").asInt(status);
        } catch (JsonProcessingException | RuntimeException e) {
            return status;
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).get("message");
            return message == null ? abbreviate(body) : message.asText();
        } catch (JsonProcessingException | RuntimeException e) {
            return abbreviate(body);
        }
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode node = answer.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw new SchemaRegistryException(
                    "Schema registry answer lacks integer field '" + field + "': " + abbreviate(answer.toString()),
                    0,
                    200,
                    null);
        }
        return node.asInt();
    }

    private static String requiredText(JsonNode answer, String field) {
        JsonNode node = answer.get(field);
        if (node == null || !node.isTextual()) {
            throw new SchemaRegistryException(
                    "Schema registry answer lacks text field '" + field + "': " + abbreviate(answer.toString()),
                    0,
                    200,
                    null);
        }
        return node.asText();
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encode(subject);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

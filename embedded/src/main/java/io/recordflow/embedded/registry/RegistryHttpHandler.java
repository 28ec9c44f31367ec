package io.recordflow.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.recordflow.embedded.registry.RegistryEvent.ConfigChange;
import io.recordflow.embedded.registry.RegistryEvent.SchemaVersion;
import io.recordflow.registry.CompatibilityLevel;
import io.recordflow.registry.RegistryErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry REST subset: subjects, versions, lookup, schemas by id, compatibility
 * checks and config. Reads and writes are serialized; a write answers only after its event is
 * durable in the {@link SchemaLog}.
 */
final class RegistryHttpHandler implements HttpHandler {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryState state;
    private final SchemaLog log;

    RegistryHttpHandler(RegistryState state, SchemaLog log) {
        this.state = state;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Object answer;
            int status = 200;
            try {
                byte[] body = readBody(exchange.getRequestBody());
                synchronized (state) {
                    answer = route(exchange.getRequestMethod(), segments(exchange), query(exchange), body);
                }
            } catch (RegistryException e) {
                status = e.status();
                answer =
                        JSON.createObjectNode().put("error_code", e.errorCode()).put("message", e.getMessage());
                if (status >= 500) {
                    LOG.warn(
                            "{} {} failed: {}",
                            exchange.getRequestMethod(),
                            exchange.getRequestURI(),
                            e.getMessage(),
                            e);
                }
            } catch (RuntimeException e) {
                status = 500;
                answer = JSON.createObjectNode()
                        .put("error_code", RegistryErrors.STORE_ERROR)
                        .put("message", "Internal error: " + e);
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            }
            byte[] bytes = answer instanceof String raw
                    ? raw.getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders()
                    .set("Content-Type", answer instanceof String ? "application/json" : CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Object route(String method, List<String> path, Map<String, String> query, byte[] body) {
        String resource = path.isEmpty() ? "" : path.get(0);
        return switch (resource) {
            case "" -> only(method, "GET", path, 0, () -> JSON.createObjectNode());
            case "subjects" -> subjects(method, path, body);
            case "schemas" -> schemas(method, path);
            case "compatibility" -> compatibility(method, path, query, body);
            case "config" -> config(method, path, query, body);
            default -> throw notFound();
        };
    }

    private Object subjects(String method, List<String> path, byte[] body) {
        switch (path.size()) {
            case 1:
                return only(method, "GET", path, 1, state::subjects);
            case 2:
                if ("POST".equals(method)) {
                    return metadata(state.lookup(path.get(1), schemaOf(body)));
                }
                return only(method, "DELETE", path, 2, () -> deleteSubject(path.get(1)));
            case 3:
                requireSegment(path, 2, "versions");
                if ("POST".equals(method)) {
                    return JSON.createObjectNode().put("id", register(path.get(1), schemaOf(body)));
                }
                return only(method, "GET", path, 3, () -> state.versions(path.get(1)));
            case 4:
                requireSegment(path, 2, "versions");
                return only(method, "GET", path, 4, () -> metadata(state.version(path.get(1), path.get(3))));
            case 5:
                requireSegment(path, 2, "versions");
                requireSegment(path, 4, "schema");
                return only(
                        method,
                        "GET",
                        path,
                        5,
                        () -> state.version(path.get(1), path.get(3)).schema());
            default:
                throw notFound();
        }
    }

    private Object schemas(String method, List<String> path) {
        if (path.size() != 3 || !"ids".equals(path.get(1))) {
            throw notFound();
        }
        return only(method, "GET", path, 3, () -> {
            int id;
            try {
                id = Integer.parseInt(path.get(2));
            } catch (NumberFormatException e) {
                throw new RegistryException(
                        404, RegistryErrors.SCHEMA_NOT_FOUND, "Schema " + path.get(2) + " not found");
            }
            return JSON.createObjectNode().put("schema", state.schemaById(id));
        });
    }

    private Object compatibility(String method, List<String> path, Map<String, String> query, byte[] body) {
        if (path.size() != 5 || !"subjects".equals(path.get(1)) || !"versions".equals(path.get(3))) {
            throw notFound();
        }
        return only(method, "POST", path, 5, () -> {
            List<String> problems = state.incompatibilities(path.get(2), schemaOf(body), path.get(4));
            ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
            if (Boolean.parseBoolean(query.get("verbose"))) {
                problems.forEach(answer.putArray("messages")::add);
            }
            return answer;
        });
    }

    private Object config(String method, List<String> path, Map<String, String> query, byte[] body) {
        if (path.size() > 2) {
            throw notFound();
        }
        String subject = path.size() == 2 ? path.get(1) : null;
        switch (method) {
            case "GET": {
                CompatibilityLevel level = subject == null
                        ? state.globalLevel()
                        : state.subjectLevel(subject).orElseGet(() -> {
                            if (Boolean.parseBoolean(query.get("defaultToGlobal"))) {
                                return state.globalLevel();
                            }
                            throw new RegistryException(
                                    404,
                                    RegistryErrors.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                                    "Subject '" + subject + "' does not have subject-level compatibility configured");
                        });
                return JSON.createObjectNode().put("compatibilityLevel", level.name());
            }
            case "PUT": {
                JsonNode request = json(body);
                JsonNode requested = request.get("compatibility");
                if (requested == null || !requested.isTextual()) {
                    throw RegistryException.unprocessable("Request body must be {\"compatibility\": \"<LEVEL>\"}");
                }
                CompatibilityLevel level = levelOf(requested.asText());
                store(new ConfigChange(subject, level));
                return JSON.createObjectNode().put("compatibility", level.name());
            }
            case "DELETE": {
                if (subject == null) {
                    throw methodNotAllowed(method, path);
                }
                CompatibilityLevel previous =
                        state.subjectLevel(subject).orElseThrow(() -> RegistryException.subjectNotFound(subject));
                store(new ConfigChange(subject, null));
                return JSON.createObjectNode().put("compatibilityLevel", previous.name());
            }
            default:
                throw methodNotAllowed(method, path);
        }
    }

    /** Parses a requested level, answering 42203 (Confluent's code) when it names none. */
    private static CompatibilityLevel levelOf(String name) {
        try {
            return CompatibilityLevel.parse(name);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(422, RegistryErrors.INVALID_COMPATIBILITY_LEVEL, e.getMessage(), e);
        }
    }

    private int register(String subject, Schema schema) {
        SchemaVersion planned = state.planRegistration(subject, schema);
        if (state.isNew(planned)) {
            store(planned);
            LOG.info("Registered schema id {} as version {} of subject {}", planned.id(), planned.version(), subject);
        }
        return planned.id();
    }

    private List<Integer> deleteSubject(String subject) {
        List<SchemaVersion> deletions = state.planSubjectDeletion(subject);
        deletions.forEach(this::store);
        return deletions.stream().map(SchemaVersion::version).toList();
    }

    private void store(RegistryEvent event) {
        log.append(event);
        state.apply(event);
    }

    private static ObjectNode metadata(SchemaVersion v) {
        return JSON.createObjectNode()
                .put("subject", v.subject())
                .put("version", v.version())
                .put("id", v.id())
                .put("schema", v.schema());
    }

    /** Parses a {"schema": ...} request, refusing other schema types and references. */
    private static Schema schemaOf(byte[] body) {
        JsonNode request = json(body);
        JsonNode schema = request.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryException.unprocessable("Request body must be a JSON object with a string field \"schema\"");
        }
        String type = request.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new RegistryException(
                    422,
                    RegistryErrors.INVALID_SCHEMA,
                    "Invalid schema: schema type " + type + " is not supported; this registry holds AVRO only");
        }
        if (request.path("references").size() > 0) {
            throw new RegistryException(
                    422,
                    RegistryErrors.INVALID_SCHEMA,
                    "Invalid schema: schema references are not supported by this registry");
        }
        return RegistryState.parse(schema.asText());
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw RegistryException.unprocessable("Request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw RegistryException.unprocessable("Malformed JSON request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RegistryException.unprocessable("Unreadable request body: " + e.getMessage());
        }
    }

    /** Runs the action when the path has the given length and the method matches; 405 otherwise. */
    private static Object only(String method, String allowed, List<String> path, int length, Supplier<Object> action) {
        if (path.size() != length) {
            throw notFound();
        }
        if (!allowed.equals(method)) {
            throw methodNotAllowed(method, path);
        }
        return action.get();
    }

    private static void requireSegment(List<String> path, int index, String expected) {
        if (!expected.equals(path.get(index))) {
            throw notFound();
        }
    }

    private static RegistryException notFound() {
        return new RegistryException(404, 404, "HTTP 404 Not Found");
    }

    private static RegistryException methodNotAllowed(String method, List<String> path) {
        return new RegistryException(
                405, 405, "HTTP 405 Method Not Allowed: " + method + " /" + String.join("/", path));
    }

    private static byte[] readBody(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw RegistryException.unprocessable("Unreadable request body: " + e.getMessage());
        }
    }

    private static List<String> segments(HttpExchange exchange) {
        return Arrays.stream(exchange.getRequestURI().getRawPath().split("/"))
                .filter(s -> !s.isEmpty())
                // '+' is literal in a path segment; URLDecoder would turn it into a space.
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        return Arrays.stream(raw.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(
                        p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "",
                        (a, b) -> b));
    }
}

package io.recordflow.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * An in-process registry for unit tests (for example with {@code TopologyTestDriver}), selected
 * with {@code schema.registry.url=mock://SCOPE}; all clients of one scope share the same state, as
 * with Confluent's MockSchemaRegistryClient. It applies the same id, version and compatibility
 * rules as a real registry and throws the same exceptions. Integration tests use the embedded
 * registry server over HTTP instead.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    /** The URL scheme that selects this client. */
    public static final String MOCK_URL_PREFIX = "mock://";

    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private final SchemaTexts texts = new SchemaTexts();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int nextId = 1;

    /** A private registry not shared with any scope. */
    public InMemorySchemaRegistryClient() {
        this("private");
    }

    private InMemorySchemaRegistryClient(String scope) {
        this.scope = scope;
    }

    /** The shared registry of a scope, created on first use. */
    public static InMemorySchemaRegistryClient forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistryClient::new);
    }

    /** Forgets a scope's state, so the next test starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    /** The scope of a {@code mock://SCOPE} URL, or empty when the URL is not a mock URL. */
    public static Optional<String> scopeOf(String url) {
        return url != null && url.startsWith(MOCK_URL_PREFIX)
                ? Optional.of(url.substring(MOCK_URL_PREFIX.length()))
                : Optional.empty();
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        for (RegisteredSchema existing : versions) {
            if (texts.of(existing.schema()).equals(texts.of(schema))) {
                return existing.id();
            }
        }
        List<String> problems = compatibility(subject)
                .incompatibilities(
                        schema, versions.stream().map(RegisteredSchema::schema).toList());
        if (!problems.isEmpty()) {
            throw error(
                    409,
                    RegistryErrors.INCOMPATIBLE_SCHEMA,
                    "POST /subjects/" + subject + "/versions",
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + problems);
        }
        int id = idsBySchema.computeIfAbsent(texts.of(schema), s -> nextId++);
        schemasById.putIfAbsent(id, schema);
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        subjects.computeIfAbsent(subject, s -> new ArrayList<>())
                .add(new RegisteredSchema(subject, version, id, schema));
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        return versions(subject, "POST /subjects/" + subject).stream()
                .filter(v -> texts.of(v.schema()).equals(texts.of(schema)))
                .findFirst()
                .orElseThrow(() ->
                        error(404, RegistryErrors.SCHEMA_NOT_FOUND, "POST /subjects/" + subject, "Schema not found"));
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw error(404, RegistryErrors.SCHEMA_NOT_FOUND, "GET /schemas/ids/" + id, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema getLatestSchemaMetadata(String subject) {
        List<RegisteredSchema> versions = versions(subject, "GET /subjects/" + subject + "/versions/latest");
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized RegisteredSchema getSchemaMetadata(String subject, int version) {
        String request = "GET /subjects/" + subject + "/versions/" + version;
        return versions(subject, request).stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .orElseThrow(() ->
                        error(404, RegistryErrors.VERSION_NOT_FOUND, request, "Version " + version + " not found."));
    }

    @Override
    public synchronized List<Integer> getAllVersions(String subject) {
        return versions(subject, "GET /subjects/" + subject + "/versions").stream()
                .map(RegisteredSchema::version)
                .toList();
    }

    @Override
    public synchronized boolean testCompatibility(String subject, Schema schema) {
        List<Schema> existing =
                versions(subject, "POST /compatibility/subjects/" + subject + "/versions/latest").stream()
                        .map(RegisteredSchema::schema)
                        .toList();
        return compatibility(subject).incompatibilities(schema, existing).isEmpty();
    }

    @Override
    public synchronized List<String> getAllSubjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized CompatibilityLevel getGlobalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility(String subject) {
        return compatibility(subject);
    }

    @Override
    public synchronized void updateGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public synchronized void updateCompatibility(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject) {
        List<Integer> deleted = getAllVersions(subject);
        subjects.remove(subject);
        return deleted;
    }

    /** The subject to id map of every registered version, for assertions in tests. */
    public synchronized Map<String, List<Integer>> idsBySubject() {
        Map<String, List<Integer>> ids = new LinkedHashMap<>();
        subjects.forEach(
                (s, v) -> ids.put(s, v.stream().map(RegisteredSchema::id).toList()));
        return ids;
    }

    private CompatibilityLevel compatibility(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<RegisteredSchema> versions(String subject, String request) {
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw error(404, RegistryErrors.SUBJECT_NOT_FOUND, request, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private SchemaRegistryException error(int status, int code, String request, String message) {
        // Same shape as the REST client's "METHOD URL", with the mock URL as base.
        return RegistryErrors.toException(
                status, code, message, request.replaceFirst(" ", " " + MOCK_URL_PREFIX + scope));
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistryClient[" + MOCK_URL_PREFIX + scope + "]";
    }
}

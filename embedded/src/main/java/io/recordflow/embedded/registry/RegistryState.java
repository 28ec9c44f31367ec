package io.recordflow.embedded.registry;

import io.recordflow.embedded.registry.RegistryEvent.ConfigChange;
import io.recordflow.embedded.registry.RegistryEvent.SchemaVersion;
import io.recordflow.registry.CompatibilityLevel;
import io.recordflow.registry.RegistryErrors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The registry's in-memory model, rebuilt from events. Queries throw {@link RegistryException}s
 * with Confluent's codes; commands only plan the event to store, which is applied once durable.
 * Not thread-safe: the server serializes access.
 */
final class RegistryState {
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, TreeMap<Integer, SchemaVersion>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    void apply(RegistryEvent event) {
        if (event instanceof SchemaVersion v) {
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
            idsBySchema.putIfAbsent(v.schema(), v.id());
            schemasById.putIfAbsent(v.id(), v.schema());
            maxId = Math.max(maxId, v.id());
        } else if (event instanceof ConfigChange c) {
            if (c.subject() == null) {
                globalLevel = c.level() == null ? CompatibilityLevel.BACKWARD : c.level();
            } else if (c.level() == null) {
                subjectLevels.remove(c.subject());
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        }
    }

    /** Parses schema text, answering 42201 when it is not a valid Avro schema. */
    static Schema parse(String schemaText) {
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (SchemaParseException | NullPointerException e) {
            throw new RegistryException(422, RegistryErrors.INVALID_SCHEMA, "Invalid schema: " + e.getMessage(), e);
        }
    }

    List<String> subjects() {
        return subjects.keySet().stream().filter(s -> !live(s).isEmpty()).toList();
    }

    List<Integer> versions(String subject) {
        return requireLive(subject).stream().map(SchemaVersion::version).toList();
    }

    SchemaVersion version(String subject, String spec) {
        List<SchemaVersion> live = requireLive(subject);
        if ("latest".equals(spec) || "-1".equals(spec)) {
            return live.get(live.size() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(spec);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw new RegistryException(
                    422,
                    RegistryErrors.INVALID_VERSION,
                    "The specified version '" + spec
                            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        int wanted = number;
        return live.stream()
                .filter(v -> v.version() == wanted)
                .findFirst()
                .orElseThrow(() -> new RegistryException(
                        404, RegistryErrors.VERSION_NOT_FOUND, "Version " + spec + " not found."));
    }

    /** The live version of the subject holding exactly this schema (40401 / 40403 otherwise). */
    SchemaVersion lookup(String subject, Schema schema) {
        return find(requireLive(subject), schema)
                .orElseThrow(() -> new RegistryException(404, RegistryErrors.SCHEMA_NOT_FOUND, "Schema not found"));
    }

    String schemaById(int id) {
        String schema = schemasById.get(id);
        if (schema == null) {
            throw new RegistryException(404, RegistryErrors.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** Incompatibilities of a candidate with the subject per its level, against one version or all. */
    List<String> incompatibilities(String subject, Schema candidate, String versionSpec) {
        CompatibilityLevel level = subjectLevel(subject).orElse(globalLevel);
        if ("latest".equals(versionSpec)) {
            return level.incompatibilities(
                    candidate,
                    requireLive(subject).stream().map(v -> parse(v.schema())).toList());
        }
        return level.incompatibilities(
                candidate, List.of(parse(version(subject, versionSpec).schema())));
    }

    /**
     * Plans the registration of a schema: the existing version when the subject already holds it,
     * otherwise a new version (reusing the global id of an identical schema), or 409.
     */
    SchemaVersion planRegistration(String subject, Schema schema) {
        List<SchemaVersion> live = live(subject);
        Optional<SchemaVersion> existing = find(live, schema);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<String> problems = subjectLevel(subject)
                .orElse(globalLevel)
                .incompatibilities(
                        schema, live.stream().map(v -> parse(v.schema())).toList());
        if (!problems.isEmpty()) {
            throw new RegistryException(
                    409,
                    RegistryErrors.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + problems);
        }
        String text = schema.toString();
        int id = idsBySchema.getOrDefault(text, maxId + 1);
        TreeMap<Integer, SchemaVersion> all = subjects.get(subject);
        int version = all == null || all.isEmpty() ? 1 : all.lastKey() + 1;
        return new SchemaVersion(subject, version, id, text, false);
    }

    /** The soft-deletion events of every live version of the subject. */
    List<SchemaVersion> planSubjectDeletion(String subject) {
        return requireLive(subject).stream()
                .map(v -> new SchemaVersion(v.subject(), v.version(), v.id(), v.schema(), true))
                .toList();
    }

    boolean isNew(SchemaVersion planned) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(planned.subject());
        return versions == null || !planned.equals(versions.get(planned.version()));
    }

    private static Optional<SchemaVersion> find(List<SchemaVersion> versions, Schema schema) {
        String text = schema.toString();
        return versions.stream().filter(v -> v.schema().equals(text)).findFirst();
    }

    private List<SchemaVersion> live(String subject) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return versions == null
                ? List.of()
                : versions.values().stream().filter(v -> !v.deleted()).toList();
    }

    private List<SchemaVersion> requireLive(String subject) {
        List<SchemaVersion> live = live(subject);
        if (live.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return live;
    }
}

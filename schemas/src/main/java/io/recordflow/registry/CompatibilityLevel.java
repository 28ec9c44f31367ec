package io.recordflow.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's {@link SchemaCompatibility}. BACKWARD: the
 * new schema can read data written with the previous one; FORWARD: the previous schema can read
 * data written with the new one; FULL: both. TRANSITIVE levels check every earlier version.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Parses a level name case-insensitively, or throws naming the valid levels. */
    public static CompatibilityLevel parse(String name) {
        for (CompatibilityLevel level : values()) {
            if (level.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return level;
            }
        }
        throw new IllegalArgumentException(
                "Invalid compatibility level '" + name + "'; valid levels are " + List.of(values()));
    }

    /**
     * Checks a candidate against the existing versions of a subject.
     *
     * @param existingOldestFirst the subject's schemas, oldest first
     * @return human-readable incompatibilities; empty when the candidate is compatible
     */
    public List<String> incompatibilities(Schema candidate, List<Schema> existingOldestFirst) {
        List<String> problems = new ArrayList<>();
        if (existingOldestFirst.isEmpty() || this == NONE) {
            return problems;
        }
        List<Schema> against =
                transitive ? existingOldestFirst : List.of(existingOldestFirst.get(existingOldestFirst.size() - 1));
        for (Schema previous : against) {
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous), "BACKWARD", problems);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate), "FORWARD", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, String direction, List<String> out) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        result.getResult()
                .getIncompatibilities()
                .forEach(i -> out.add(
                        direction + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")"));
    }
}

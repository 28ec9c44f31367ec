package io.recordflow.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A client of a Confluent-compatible schema registry (Avro schemas only). Implementations cache
 * ids both ways, so serializers may call {@link #register} and {@link #getSchemaById} per record.
 * Errors are {@link SchemaRegistryException}s carrying Confluent's error code.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers the schema under the subject (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** Finds an already registered schema under the subject, without registering it. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The schema with the given global id. */
    Schema getSchemaById(int id);

    /** The latest version of the subject. */
    RegisteredSchema getLatestSchemaMetadata(String subject);

    /** A given version of the subject. */
    RegisteredSchema getSchemaMetadata(String subject, int version);

    /** The version numbers registered under the subject, ascending. */
    List<Integer> getAllVersions(String subject);

    /** Whether the schema may be registered under the subject per its compatibility level. */
    boolean testCompatibility(String subject, Schema schema);

    /** All subjects, sorted. */
    List<String> getAllSubjects();

    /** The registry-wide compatibility level. */
    CompatibilityLevel getGlobalCompatibility();

    /** The subject's compatibility level, falling back to the registry-wide level. */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the registry-wide compatibility level. */
    void updateGlobalCompatibility(CompatibilityLevel level);

    /** Sets the subject's compatibility level. */
    void updateCompatibility(String subject, CompatibilityLevel level);

    /** Deletes the subject (soft delete: ids stay resolvable) and returns the deleted versions. */
    List<Integer> deleteSubject(String subject);

    /** Releases HTTP resources; the default does nothing. */
    @Override
    default void close() {}
}

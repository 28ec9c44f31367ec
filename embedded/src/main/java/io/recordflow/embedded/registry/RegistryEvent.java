package io.recordflow.embedded.registry;

import io.recordflow.registry.CompatibilityLevel;

/** A durable change of the registry: what the {@code _schemas} topic records and replays. */
sealed interface RegistryEvent {

    /** A subject version (registered, or soft-deleted when {@code deleted}). */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted)
            implements RegistryEvent {}

    /** A compatibility level for a subject, or globally when {@code subject} is null; null level = reset. */
    record ConfigChange(String subject, CompatibilityLevel level) implements RegistryEvent {}
}

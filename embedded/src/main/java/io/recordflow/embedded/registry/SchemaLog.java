package io.recordflow.embedded.registry;

import java.util.function.Consumer;

/** Durable, ordered storage of registry events. */
interface SchemaLog extends AutoCloseable {

    /** Feeds every stored event, oldest first. */
    void replay(Consumer<RegistryEvent> sink);

    /** Stores an event; returns only once it is durable. */
    void append(RegistryEvent event);

    @Override
    void close();
}

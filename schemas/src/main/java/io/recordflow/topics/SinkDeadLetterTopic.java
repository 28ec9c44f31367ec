package io.recordflow.topics;

import java.util.Objects;

/**
 * A Kafka Connect sink connector's dead-letter topic: the records the connector could not deliver, as the raw key and
 * value bytes it consumed, with the error in Connect's context headers. Not a {@link Topic}: its values are not
 * guaranteed to decode.
 */
public record SinkDeadLetterTopic(String name) {

    public SinkDeadLetterTopic {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return name;
    }
}

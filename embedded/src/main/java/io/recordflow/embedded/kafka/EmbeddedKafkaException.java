package io.recordflow.embedded.kafka;

/** Thrown when the in-process Kafka node cannot be started, used or stopped; the message names the cause. */
public class EmbeddedKafkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedKafkaException(String message) {
        super(message);
    }

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}

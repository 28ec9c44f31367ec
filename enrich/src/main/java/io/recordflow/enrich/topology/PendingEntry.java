package io.recordflow.enrich.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An input record waiting for (or retrying) its model call, as kept in the changelogged pending store:
 * the original bytes and coordinates, so a restarted task re-submits it and a dead letter can carry it.
 */
public record PendingEntry(
        long sequence,
        String key,
        byte[] value,
        String topic,
        int partition,
        long offset,
        long timestamp,
        long firstSeenAt,
        int attempts,
        long nextAttemptAt,
        String lastError) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The store key: zero-padded so the store's key order is arrival order. */
    public static String storeKey(long sequence) {
        return String.format("%019d", sequence);
    }

    public String position() {
        return topic + "-" + partition + "@" + offset;
    }

    public PendingEntry retryAt(long nextAttempt, String error) {
        return new PendingEntry(
                sequence,
                key,
                value,
                topic,
                partition,
                offset,
                timestamp,
                firstSeenAt,
                attempts + 1,
                nextAttempt,
                error);
    }

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode pending entry " + position(), e);
        }
    }

    public static PendingEntry fromBytes(byte[] bytes) {
        try {
            return JSON.readValue(bytes, PendingEntry.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("pending store holds an unreadable entry", e);
        }
    }
}

package io.recordflow.enrich.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An input record waiting for (or retrying) its model call, as kept in the changelogged pending store: the key, the
 * coordinates and the value bytes (one copy, below {@code enrich.max.record.bytes}), so a restarted task re-submits it
 * and a dead letter can carry it. Encoded in a compact binary form whose size can never exceed what the changelog takes.
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

    /**
     * Largest changelog record the pending store writes: below the broker's default {@code message.max.bytes}
     * (1,048,588) and the producer's default {@code max.request.size} (1,048,576), with room for batch headers.
     */
    public static final int MAX_ENCODED_BYTES = 1_040_000;

    /** What an entry holds besides its key and value at most: fixed fields, topic name, length prefixes, last error. */
    public static final int OVERHEAD_BYTES = 8_192;

    /** The largest key plus value an entry can hold: the upper bound of {@code enrich.max.record.bytes}. */
    public static final int MAX_RECORD_BYTES = MAX_ENCODED_BYTES - OVERHEAD_BYTES;

    /** Characters of the last error kept: a retry message is a hint, not a second copy of the input. */
    static final int MAX_ERROR_CHARS = 1_000;

    private static final byte FORMAT_V2 = 2;
    private static final int KEY_DIGITS = 19;
    private static final ObjectMapper LEGACY_JSON = new ObjectMapper();

    public PendingEntry {
        if (lastError != null && lastError.length() > MAX_ERROR_CHARS) {
            lastError = lastError.substring(0, MAX_ERROR_CHARS) + "…";
        }
    }

    /** The store key: zero-padded so the store's key order is arrival order. */
    public static String storeKey(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("pending sequence " + sequence + " is negative");
        }
        // Called three times per record on the stream thread: String.format's parsing showed in its profile.
        String digits = Long.toString(sequence);
        return "0".repeat(KEY_DIGITS - digits.length()) + digits;
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

    /**
     * The entry as written to the pending store.
     *
     * @throws IllegalStateException when the encoding would exceed {@link #MAX_ENCODED_BYTES}: the record was not
     *     checked against {@code enrich.max.record.bytes} before it was stored (a defect, never input)
     */
    public byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + (value == null ? 0 : value.length));
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT_V2);
            out.writeLong(sequence);
            writeString(out, key);
            writeBytes(out, value);
            writeString(out, topic);
            out.writeInt(partition);
            out.writeLong(offset);
            out.writeLong(timestamp);
            out.writeLong(firstSeenAt);
            out.writeInt(attempts);
            out.writeLong(nextAttemptAt);
            writeString(out, lastError);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode pending entry " + position(), e);
        }
        if (buffer.size() > MAX_ENCODED_BYTES) {
            throw new IllegalStateException("pending entry of " + position() + " would take " + buffer.size()
                    + " bytes, more than the " + MAX_ENCODED_BYTES + " its changelog accepts; records must be checked "
                    + "against enrich.max.record.bytes (at most " + MAX_RECORD_BYTES + ") before they are stored");
        }
        return buffer.toByteArray();
    }

    /** Reads an entry written by {@link #toBytes()}, or by the JSON form of earlier versions still in a changelog. */
    public static PendingEntry fromBytes(byte[] bytes) {
        try {
            if (bytes.length > 0 && bytes[0] == '{') {
                return LEGACY_JSON.readValue(bytes, PendingEntry.class);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                byte format = in.readByte();
                if (format != FORMAT_V2) {
                    throw new IOException("unknown pending-entry format " + format);
                }
                return new PendingEntry(
                        in.readLong(),
                        readString(in),
                        readBytes(in),
                        readString(in),
                        in.readInt(),
                        in.readLong(),
                        in.readLong(),
                        in.readLong(),
                        in.readInt(),
                        in.readLong(),
                        readString(in));
            }
        } catch (IOException e) {
            throw new IllegalStateException("pending store holds an unreadable entry", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return in.readNBytes(length);
    }
}

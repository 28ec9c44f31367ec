package io.recordflow.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: magic byte {@code 0x00}, the schema id as a 4-byte big-endian int, then
 * the Avro binary encoding of the datum.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0x0;
    public static final int ID_SIZE = 4;
    public static final int HEADER_SIZE = 1 + ID_SIZE;

    private WireFormat() {}

    /** The header for a schema id. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /**
     * Reads the schema id from framed bytes.
     *
     * @param what names the record for error messages, e.g. "value of topic 'records.ingested.v1'"
     * @throws SerializationException when the bytes are not in the wire format
     */
    public static int schemaId(byte[] data, String what) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException(
                    "Cannot deserialize " + what + ": " + data.length + " bytes are too few for the Confluent "
                            + "wire format (magic byte 0x00, 4-byte schema id, Avro data)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Cannot deserialize %s: unknown magic byte 0x%02X (expected 0x00); the data was not "
                            + "written by a Confluent-compatible Avro serializer",
                    what, data[0]));
        }
        return ByteBuffer.wrap(data, 1, ID_SIZE).getInt();
    }
}

package io.recordflow.ingest.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The first bytes of a stream, read in 64 KiB chunks while they are hashed. Chunks instead of one array: with G1's
 * 1 MiB regions an array of half a region or more is a humongous allocation, and reading a 1.7 MB scan into one
 * set off a humongous-allocation collection on nearly every file.
 */
final class HashedHead {

    private static final int CHUNK = 64 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private int lastLength;
    private long size;

    /** Reads until end of stream or until more than {@code limit} bytes were read, feeding them to {@code digest}. */
    static HashedHead read(InputStream in, long limit, MessageDigest digest) throws IOException {
        HashedHead head = new HashedHead();
        while (head.size <= limit) {
            byte[] chunk = new byte[CHUNK];
            int n = in.readNBytes(chunk, 0, CHUNK);
            if (n == 0) {
                break;
            }
            digest.update(chunk, 0, n);
            head.chunks.add(chunk);
            head.lastLength = n;
            head.size += n;
            if (n < CHUNK) {
                break;
            }
        }
        return head;
    }

    long size() {
        return size;
    }

    void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < chunks.size(); i++) {
            out.write(chunks.get(i), 0, i == chunks.size() - 1 ? lastLength : CHUNK);
        }
    }
}

package io.recordflow.ingest.identity;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic record identifiers. A top-level record's id depends only on the source system and the SHA-256 of
 * the content, so re-ingesting the same content from the same source yields the same id (downstream writes are
 * idempotent upserts, and identical copies within one source collapse to one record). An embedded document's id
 * also depends on its parent and its path inside the parent, so the same attachment in two e-mails gives two
 * records, each linked to its own parent.
 */
public final class RecordIds {

    private static final int ID_HEX_CHARS = 32;

    private RecordIds() {}

    /** Id of a top-level record: 128 bits of SHA-256(source NUL contentSha256), hex. */
    public static String forContent(String source, String contentSha256) {
        return hash(source + '\0' + contentSha256);
    }

    /** Id of an embedded document inside {@code parentRecordId} at {@code embeddedPath}. */
    public static String forEmbedded(String parentRecordId, String embeddedPath, String contentSha256) {
        return hash(parentRecordId + '\0' + embeddedPath + '\0' + (contentSha256 == null ? "" : contentSha256));
    }

    private static String hash(String text) {
        return ContentDigest.sha256Hex(text.getBytes(StandardCharsets.UTF_8)).substring(0, ID_HEX_CHARS);
    }
}

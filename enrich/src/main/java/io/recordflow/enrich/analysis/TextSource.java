package io.recordflow.enrich.analysis;

import io.recordflow.blob.BlobRoots;
import io.recordflow.blob.RefusedUriException;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.records.AgencyRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text a record is analysed on. When ingest truncated {@code text}, the complete extracted text is read
 * from the blob store ({@code fullTextUri}, confined to the configured {@link BlobRoots}) so long documents are
 * summarised in chunks rather than silently cut; a missing blob falls back to the truncated text and says so, a URI
 * outside the blob store fails the record for good.
 */
public final class TextSource {
    private static final Logger LOG = LoggerFactory.getLogger(TextSource.class);
    private static final String FIELD = "fullTextUri";
    /** Upper bound on what one record may feed the model (characters), to keep a runaway extraction in check. */
    static final int MAX_CHARS = 2_000_000;

    /** The text and where it came from: "record", "full-text" or "truncated". */
    public record Text(String text, String origin) {}

    private final BlobRoots roots;

    public TextSource(BlobRoots roots) {
        this.roots = roots;
    }

    public Text read(AgencyRecord record) throws LlmException {
        String text = record.getText() == null ? "" : record.getText();
        if (!record.getTextTruncated()) {
            return new Text(text, "record");
        }
        String uri = record.getFullTextUri();
        if (uri == null || uri.isBlank()) {
            LOG.warn(
                    "record {}: text was truncated at ingest and no full text is referenced; analysing the first {} "
                            + "characters",
                    record.getRecordId(),
                    text.length());
            return new Text(text, "truncated");
        }
        try {
            BlobRoots.Location location = roots.locate(FIELD, uri);
            if (location.embedded()) {
                throw new LlmException(
                        FailureKind.INVALID_RECORD,
                        "record " + record.getRecordId() + ": " + FIELD + " " + uri
                                + " names a document inside a container; a full text is a whole stored file",
                        null);
            }
            try (InputStream in = Files.newInputStream(location.file())) {
                byte[] bytes = in.readNBytes(MAX_CHARS * 4);
                String full = new String(bytes, StandardCharsets.UTF_8);
                return full.length() > MAX_CHARS
                        ? new Text(full.substring(0, MAX_CHARS), "truncated")
                        : new Text(full, "full-text");
            }
        } catch (RefusedUriException e) {
            throw refused(record, roots, e);
        } catch (NoSuchFileException e) {
            LOG.warn(
                    "record {}: full text {} is missing from the blob store; analysing the truncated text",
                    record.getRecordId(),
                    uri);
            return new Text(text, "truncated");
        } catch (IOException e) {
            throw new LlmException(
                    FailureKind.TRANSIENT,
                    "cannot read full text " + uri + " of record " + record.getRecordId() + ": " + e.getMessage(),
                    e);
        }
    }

    /** The permanent failure of a record whose URI the blob roots refused: its reason names the URI and the roots. */
    static LlmException refused(AgencyRecord record, BlobRoots roots, RefusedUriException e) {
        return new LlmException(
                FailureKind.INVALID_RECORD,
                "record " + record.getRecordId() + " refused: " + e.getMessage() + " (" + EnrichConfig.BLOB_ROOTS
                        + " = " + roots.describe() + ")",
                e);
    }
}

package io.recordflow.enrich.analysis;

import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.records.AgencyRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text a record is analysed on. When ingest truncated {@code text}, the complete extracted text is read
 * from the blob store ({@code fullTextUri}, file: URIs) so long documents are summarised in chunks rather
 * than silently cut; only a missing or unsupported blob falls back to the truncated text, and says so.
 */
public final class TextSource {
    private static final Logger LOG = LoggerFactory.getLogger(TextSource.class);
    /** Upper bound on what one record may feed the model (characters), to keep a runaway extraction in check. */
    static final int MAX_CHARS = 2_000_000;

    /** The text and where it came from: "record", "full-text" or "truncated". */
    public record Text(String text, String origin) {}

    private TextSource() {}

    public static Text of(AgencyRecord record) throws LlmException {
        String text = record.getText() == null ? "" : record.getText();
        if (!record.getTextTruncated()) {
            return new Text(text, "record");
        }
        String uri = record.getFullTextUri();
        if (uri == null || !uri.startsWith("file:")) {
            LOG.warn(
                    "record {}: text was truncated at ingest and no readable full text is referenced ({}); analysing the "
                            + "first {} characters",
                    record.getRecordId(),
                    uri,
                    text.length());
            return new Text(text, "truncated");
        }
        Path path = Path.of(URI.create(uri));
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(MAX_CHARS * 4);
            String full = new String(bytes, StandardCharsets.UTF_8);
            return full.length() > MAX_CHARS
                    ? new Text(full.substring(0, MAX_CHARS), "truncated")
                    : new Text(full, "full-text");
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
}

package io.recordflow.enrich.analysis;

import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmImage;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Modality;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Fetches an IMAGE record's original from the blob store (file: URIs) for a vision model. */
public final class ImageLoader {
    static final long MAX_BYTES = 20L * 1024 * 1024;

    private final boolean enabled;

    public ImageLoader(boolean enabled) {
        this.enabled = enabled;
    }

    public static ImageLoader disabled() {
        return new ImageLoader(false);
    }

    public List<LlmImage> load(AgencyRecord record) throws LlmException {
        if (!enabled
                || record.getModality() != Modality.IMAGE
                || !record.getContentUri().startsWith("file:")) {
            return List.of();
        }
        Path path = Path.of(URI.create(record.getContentUri()));
        try {
            if (Files.size(path) > MAX_BYTES) {
                return List.of();
            }
            return List.of(new LlmImage(Files.readAllBytes(path), record.getMediaType()));
        } catch (NoSuchFileException e) {
            throw new LlmException(
                    FailureKind.PERMANENT,
                    "original of record " + record.getRecordId() + " is missing from the blob store: " + path,
                    e);
        } catch (IOException e) {
            throw new LlmException(FailureKind.TRANSIENT, "cannot read original " + path + ": " + e.getMessage(), e);
        }
    }
}

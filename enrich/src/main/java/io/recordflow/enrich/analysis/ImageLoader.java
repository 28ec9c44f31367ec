package io.recordflow.enrich.analysis;

import io.recordflow.blob.BlobRoots;
import io.recordflow.blob.RefusedUriException;
import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmImage;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Modality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fetches an IMAGE record's original from the blob store for a vision model, only from files under the configured
 * {@link BlobRoots}; an image embedded in a container is classified from its OCR text alone.
 */
public final class ImageLoader {
    static final long MAX_BYTES = 20L * 1024 * 1024;
    private static final String FIELD = "contentUri";

    private final boolean enabled;
    private final BlobRoots roots;

    public ImageLoader(boolean enabled, BlobRoots roots) {
        this.enabled = enabled;
        this.roots = roots;
    }

    public static ImageLoader disabled() {
        return new ImageLoader(false, BlobRoots.none());
    }

    public List<LlmImage> load(AgencyRecord record) throws LlmException {
        if (!enabled || record.getModality() != Modality.IMAGE) {
            return List.of();
        }
        BlobRoots.Location location;
        try {
            location = roots.locate(FIELD, record.getContentUri());
        } catch (RefusedUriException e) {
            throw TextSource.refused(record, roots, e);
        } catch (NoSuchFileException e) {
            throw missing(record, e);
        } catch (IOException e) {
            throw unreadable(record, e);
        }
        if (location.embedded()) {
            return List.of();
        }
        Path path = location.file();
        try {
            if (Files.size(path) > MAX_BYTES) {
                return List.of();
            }
            return List.of(new LlmImage(Files.readAllBytes(path), record.getMediaType()));
        } catch (NoSuchFileException e) {
            throw missing(record, e);
        } catch (IOException e) {
            throw unreadable(record, e);
        }
    }

    private static LlmException missing(AgencyRecord record, NoSuchFileException e) {
        return new LlmException(
                FailureKind.PERMANENT,
                "original of record " + record.getRecordId() + " is missing from the blob store: "
                        + record.getContentUri(),
                e);
    }

    private static LlmException unreadable(AgencyRecord record, IOException e) {
        return new LlmException(
                FailureKind.TRANSIENT,
                "cannot read original " + record.getContentUri() + " of record " + record.getRecordId() + ": "
                        + e.getMessage(),
                e);
    }
}

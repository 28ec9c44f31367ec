package io.recordflow.enrich.analysis;

import io.recordflow.blob.BlobRoots;
import io.recordflow.blob.ImageDimensions;
import io.recordflow.blob.RefusedUriException;
import io.recordflow.enrich.config.EnrichConfig;
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
import java.util.Locale;

/**
 * Fetches an IMAGE record's original from the blob store for a vision model, only from files under the configured
 * {@link BlobRoots}; an image embedded in a container is classified from its OCR text alone.
 */
public final class ImageLoader {
    static final long MAX_BYTES = 20L * 1024 * 1024;
    private static final String FIELD = "contentUri";

    private final boolean enabled;
    private final BlobRoots roots;
    private final long maxPixels;

    public ImageLoader(boolean enabled, BlobRoots roots, long maxPixels) {
        this.enabled = enabled;
        this.roots = roots;
        this.maxPixels = maxPixels;
    }

    public static ImageLoader disabled() {
        return new ImageLoader(false, BlobRoots.none(), 0L);
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
            refuseBomb(record, path);
            return List.of(new LlmImage(Files.readAllBytes(path), record.getMediaType()));
        } catch (NoSuchFileException e) {
            throw missing(record, e);
        } catch (IOException e) {
            throw unreadable(record, e);
        }
    }

    /** The vision model server decodes what it is sent: an image declaring too many pixels never leaves. */
    private void refuseBomb(AgencyRecord record, Path path) throws IOException, LlmException {
        ImageDimensions size = ImageDimensions.of(path);
        if (size != null && size.pixels() > maxPixels) {
            throw new LlmException(
                    FailureKind.INVALID_RECORD,
                    String.format(
                            Locale.ROOT,
                            "record %s refused: image %s (%s) declares %,d x %,d pixels, more than %s = %,d"
                                    + " (decompression-bomb guard); not sent to the vision model",
                            record.getRecordId(),
                            record.getFileName(),
                            record.getContentUri(),
                            size.width(),
                            size.height(),
                            EnrichConfig.IMAGE_MAX_PIXELS,
                            maxPixels),
                    null);
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

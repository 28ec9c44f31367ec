package io.recordflow.ingest.extract;

import io.recordflow.ingest.config.IngestConfig;
import java.util.Locale;
import org.apache.tika.exception.TikaException;

/** An image whose header declares more pixels than {@link IngestConfig#MAX_IMAGE_PIXELS} allows; never decoded. */
public final class ImageTooLargeException extends TikaException {

    private static final long serialVersionUID = 1L;

    ImageTooLargeException(long width, long height, long maxPixels) {
        super(String.format(
                Locale.ROOT,
                "image of %,d x %,d pixels (%,d) exceeds %s = %,d; not decoded or OCR'd (decompression-bomb guard)",
                width,
                height,
                width * height,
                IngestConfig.MAX_IMAGE_PIXELS,
                maxPixels));
    }
}

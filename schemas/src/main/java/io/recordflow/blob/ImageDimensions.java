package io.recordflow.blob;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * An image's size as its header declares it, read with an ImageIO reader without decoding a pixel: the check that
 * keeps a small PNG claiming 40,000 x 40,000 pixels (a decompression bomb) away from decoders, OCR and vision models.
 *
 * @param width pixels per row
 * @param height rows
 */
public record ImageDimensions(long width, long height) {

    /** Pixels the header declares. */
    public long pixels() {
        return width * height;
    }

    /** The first image's size, or null when no ImageIO reader understands the file (WebP, not an image). */
    public static ImageDimensions of(Path file) throws IOException {
        try (ImageInputStream image = new FileImageInputStream(file.toFile())) {
            return of(image);
        }
    }

    /** As {@link #of(Path)} for the leading bytes of an image (its header). */
    public static ImageDimensions of(byte[] header) throws IOException {
        try (ImageInputStream image = new MemoryCacheImageInputStream(new ByteArrayInputStream(header))) {
            return of(image);
        }
    }

    private static ImageDimensions of(ImageInputStream image) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(image);
        if (!readers.hasNext()) {
            return null;
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(image, true, true);
            return new ImageDimensions(reader.getWidth(0), reader.getHeight(0));
        } catch (IOException | RuntimeException e) {
            // a header no reader can make sense of is the parser's to report: this check only refuses what it measured
            return null;
        } finally {
            reader.dispose();
        }
    }
}

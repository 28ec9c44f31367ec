package io.recordflow.ingest.extract;

import io.recordflow.blob.ImageDimensions;
import java.io.IOException;
import java.io.InputStream;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TemporaryResources;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.ParserDecorator;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Refuses images whose header declares more pixels than the limit, before any parser or OCR decodes them: a PNG of a
 * few kilobytes can claim 40,000 x 40,000 pixels, which a decoder allocates up front. Applies to the file and to
 * every embedded document. Only the header is read (ImageIO reader, no decoding); formats ImageIO cannot read (WebP)
 * and headers beyond the first megabyte of an embedded stream are not checked.
 */
final class PixelLimitingParser extends ParserDecorator {

    private static final long serialVersionUID = 1L;
    /** Bytes of an embedded stream read for its header: enough for a JPEG's EXIF/ICC segments before its SOF. */
    private static final int HEADER_BYTES = 1 << 20;

    private final long maxPixels;

    PixelLimitingParser(Parser parser, long maxPixels) {
        super(parser);
        this.maxPixels = maxPixels;
    }

    @Override
    public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
            throws IOException, SAXException, TikaException {
        // a stream that is already a TikaInputStream is used as is and tmp stays empty
        try (TemporaryResources tmp = new TemporaryResources()) {
            TikaInputStream in = TikaInputStream.get(stream, tmp, metadata);
            if (looksLikeImage(in)) {
                ImageDimensions size = in.hasFile() ? ImageDimensions.of(in.getPath()) : ImageDimensions.of(header(in));
                if (size != null && size.pixels() > maxPixels) {
                    throw new ImageTooLargeException(size.width(), size.height(), maxPixels);
                }
            }
            super.parse(in, handler, metadata, context);
        }
    }

    /** PNG, JPEG, GIF, BMP and TIFF signatures: the formats a pixel bomb arrives in and ImageIO reads. */
    private static boolean looksLikeImage(TikaInputStream in) throws IOException {
        byte[] m = new byte[4];
        if (in.peek(m) < m.length) {
            return false;
        }
        return (m[0] == (byte) 0x89 && m[1] == 'P' && m[2] == 'N' && m[3] == 'G')
                || (m[0] == (byte) 0xFF && m[1] == (byte) 0xD8)
                || (m[0] == 'G' && m[1] == 'I' && m[2] == 'F')
                || (m[0] == 'B' && m[1] == 'M')
                || (m[0] == 'I' && m[1] == 'I' && m[2] == 42 && m[3] == 0)
                || (m[0] == 'M' && m[1] == 'M' && m[2] == 0 && m[3] == 42);
    }

    private static byte[] header(TikaInputStream in) throws IOException {
        in.mark(HEADER_BYTES);
        try {
            return in.readNBytes(HEADER_BYTES);
        } finally {
            in.reset();
        }
    }
}

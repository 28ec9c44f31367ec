package io.recordflow.ingest.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.DigestingParser;
import org.apache.tika.parser.digestutils.CommonsDigesterFactory;

/**
 * Tika's digester (SHA-256 of every embedded document, configured in tika-config.xml) that also measures the embedded
 * document's size in bytes, as {@link #MEASURED_SIZE}. The size a container declares is not enough: a zip entry
 * written with a data descriptor (any deflated entry of a streamed zip, so any member of a nested zip) declares -1.
 */
public class SizingDigesterFactory extends CommonsDigesterFactory {

    /** The embedded document's size in bytes as read, set next to its digest. */
    public static final String MEASURED_SIZE = "X-RecordFlow:measuredSize";

    @Override
    public DigestingParser.Digester build() {
        DigestingParser.Digester digester = super.build();
        return (stream, metadata, context) -> {
            digester.digest(stream, metadata, context);
            measure(stream, metadata);
        };
    }

    private static void measure(InputStream stream, Metadata metadata) throws IOException {
        TikaInputStream tis = TikaInputStream.cast(stream);
        if (tis == null) {
            return;
        }
        // a stream that is not file-backed is spooled to a temporary file, its position kept for the parser
        long size = tis.hasLength() ? tis.getLength() : Files.size(tis.getPath());
        if (size >= 0) {
            metadata.set(MEASURED_SIZE, Long.toString(size));
        }
    }
}

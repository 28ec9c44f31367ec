package io.recordflow.ingest.extract;

import io.recordflow.ingest.blob.FileSystemBlobStore;
import io.recordflow.ingest.blob.StoredBlob;
import io.recordflow.ingest.config.ExtractionLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** In-process extraction over a blob store in a temporary directory, as tests need it. */
public final class ExtractionHarness {

    public static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    private final FileSystemBlobStore blobs;
    private final Extractor extractor;

    public ExtractionHarness(Path dir, ExtractionLimits limits, int textMaxChars) throws IOException {
        this.blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        this.extractor = new Extractor(
                new TikaParse(limits),
                new RecordMapper(
                        textMaxChars,
                        limits.writeLimitChars(),
                        blobs::putText,
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        "test"));
    }

    /** Defaults without OCR, which is slow and covered by its own tests. */
    public static ExtractionLimits noOcr() {
        ExtractionLimits d = ExtractionLimits.defaults();
        return new ExtractionLimits(
                d.writeLimitChars(), d.maxEmbedded(), d.maxDepth(), d.maxImagePixels(), false, d.ocrLanguage(), null);
    }

    public Extraction extract(Path file) throws IOException {
        StoredBlob blob;
        try (InputStream in = Files.newInputStream(file)) {
            blob = blobs.put(in);
        }
        return extractor.extract(
                blob,
                new SourceDescription(
                        file.toUri().toString(),
                        file.getFileName().toString(),
                        "test-share",
                        "Test Agency",
                        "Records Office"));
    }

    public FileSystemBlobStore blobs() {
        return blobs;
    }
}

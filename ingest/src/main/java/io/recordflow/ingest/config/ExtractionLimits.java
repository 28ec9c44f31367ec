package io.recordflow.ingest.config;

import java.util.Map;

/**
 * The knobs a Tika parse needs, small enough to hand to a child JVM on its command line.
 *
 * @param writeLimitChars total characters extracted from one file, embedded documents included
 * @param maxEmbedded embedded documents parsed per file
 * @param maxDepth nesting depth of embedded documents
 * @param maxImagePixels largest image (width times height, read from its header) decoded or OCR'd
 * @param ocrEnabled whether tesseract OCR may run
 * @param ocrLanguage tesseract language(s)
 * @param password password tried on encrypted documents, or null
 */
public record ExtractionLimits(
        int writeLimitChars,
        int maxEmbedded,
        int maxDepth,
        long maxImagePixels,
        boolean ocrEnabled,
        String ocrLanguage,
        String password) {

    /** Defaults matching {@link IngestConfig}'s. */
    public static ExtractionLimits defaults() {
        return new IngestConfig(Map.of()).limits();
    }

    @Override
    public String toString() {
        // never print the password
        return "ExtractionLimits[writeLimitChars=" + writeLimitChars + ", maxEmbedded=" + maxEmbedded + ", maxDepth="
                + maxDepth + ", maxImagePixels=" + maxImagePixels + ", ocrEnabled=" + ocrEnabled + ", ocrLanguage="
                + ocrLanguage + "]";
    }
}

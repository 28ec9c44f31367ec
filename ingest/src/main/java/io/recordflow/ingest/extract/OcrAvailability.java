package io.recordflow.ingest.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether tesseract OCR can run. Tika skips OCR silently when tesseract is missing, which would turn scans into
 * empty records, so RecordFlow checks once at start-up and says so.
 *
 * @param available tesseract answered {@code --version}
 * @param detail its version line, or why it is unavailable
 */
public record OcrAvailability(boolean available, String detail) {

    private static final Logger LOG = LoggerFactory.getLogger(OcrAvailability.class);
    private static volatile OcrAvailability cached;

    /** The result of the start-up check, probing on first use. */
    public static OcrAvailability get() {
        OcrAvailability c = cached;
        if (c == null) {
            c = probe("tesseract");
            cached = c;
        }
        return c;
    }

    /** Runs {@code COMMAND --version}; never throws. */
    public static OcrAvailability probe(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new OcrAvailability(false, command + " --version did not answer within 10 s");
            }
            if (p.exitValue() != 0) {
                return new OcrAvailability(false, command + " --version exited with " + p.exitValue());
            }
            return new OcrAvailability(
                    true, out.lines().findFirst().orElse(command).trim());
        } catch (IOException e) {
            return new OcrAvailability(false, command + " is not installed (Debian: apt-get install tesseract-ocr)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OcrAvailability(false, "interrupted while checking " + command);
        }
    }

    /** Logs the check result: a warning when OCR is unavailable, since scans will then have no text. */
    public OcrAvailability log() {
        if (available) {
            LOG.info("OCR available: {}", detail);
        } else {
            LOG.warn("OCR unavailable: {}; scanned images and image-only PDFs will have no text", detail);
        }
        return this;
    }
}

package io.recordflow.ingest.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Settings of the ingest component: provenance labels, claim-check store, extraction limits and isolation. */
public final class IngestConfig extends AbstractConfig {
    private static final Logger LOG = LoggerFactory.getLogger(IngestConfig.class);

    public static final String AGENCY = "ingest.agency";
    public static final String OFFICE = "ingest.office";
    public static final String SOURCE = "ingest.source";
    /** The blob store's root, under the same key as the archive sink's {@code blob.root}. */
    public static final String BLOB_ROOT = "blob.root";
    /** The former name of {@link #BLOB_ROOT}, still accepted with a warning. */
    public static final String DEPRECATED_BLOB_DIR = "blob.store.dir";

    public static final String TEXT_MAX_CHARS = "record.text.max.chars";
    public static final String WRITE_LIMIT_CHARS = "extract.write.limit.chars";
    public static final String MAX_EMBEDDED = "extract.embedded.max.count";
    public static final String MAX_DEPTH = "extract.embedded.max.depth";
    public static final String MAX_IMAGE_PIXELS = "extract.image.max.pixels";
    public static final String ISOLATION = "extract.isolation";
    public static final String TIMEOUT_MS = "extract.timeout.ms";
    public static final String WORKER_HEAP = "extract.worker.heap";
    public static final String OCR_ENABLED = "ocr.enabled";
    public static final String OCR_LANGUAGE = "ocr.language";
    public static final String PDF_PASSWORD = "extract.pdf.password";

    /** A JVM heap size as -Xmx takes it: an amount (group 1) and an optional unit (group 2), e.g. 512m. */
    public static final Pattern HEAP_SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");

    public static final String ISOLATION_FORKED = "forked";
    public static final String ISOLATION_IN_PROCESS = "in-process";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    AGENCY,
                    Type.STRING,
                    null,
                    Importance.HIGH,
                    "Agency that holds the ingested records; copied into every AgencyRecord.")
            .define(
                    OFFICE,
                    Type.STRING,
                    null,
                    Importance.MEDIUM,
                    "Office of record within the agency; copied into every AgencyRecord.")
            .define(
                    SOURCE,
                    Type.STRING,
                    "filesystem",
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Name of the source system; part of every recordId, so re-ingesting the same content from the same"
                            + " source yields the same id.")
            .define(
                    BLOB_ROOT,
                    Type.STRING,
                    "recordflow-blobs",
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Directory of the content-addressed blob store that holds originals and full texts (claim-check);"
                            + " the archive sink's blob.root names the same folder. Formerly " + DEPRECATED_BLOB_DIR
                            + ".")
            .define(
                    TEXT_MAX_CHARS,
                    Type.INT,
                    100_000,
                    Range.between(1_000, 250_000),
                    Importance.MEDIUM,
                    "Characters of extracted text carried in the record; longer text is truncated (flagged) and stored"
                            + " in full in the blob store. The upper bound keeps records far below max.message.bytes.")
            .define(
                    WRITE_LIMIT_CHARS,
                    Type.INT,
                    10_000_000,
                    Range.atLeast(10_000),
                    Importance.MEDIUM,
                    "Total characters Tika may extract from one file including its embedded documents; beyond it"
                            + " extraction stops with a warning (bounds memory for huge spreadsheets and zip bombs).")
            .define(
                    MAX_EMBEDDED,
                    Type.INT,
                    1_000,
                    Range.between(0, 100_000),
                    Importance.MEDIUM,
                    "Maximum number of embedded documents (attachments, archive members) parsed per file.")
            .define(
                    MAX_DEPTH,
                    Type.INT,
                    10,
                    Range.between(1, 100),
                    Importance.MEDIUM,
                    "Maximum nesting depth of embedded documents (zip in zip in mail ...); deeper ones are skipped"
                            + " with a warning.")
            .define(
                    MAX_IMAGE_PIXELS,
                    Type.LONG,
                    200_000_000L,
                    Range.atLeast(1_000_000L),
                    Importance.MEDIUM,
                    "Largest image, in pixels (width times height as its header declares them), that extraction decodes"
                            + " or OCRs, embedded images included; a larger one (a decompression bomb: a small PNG"
                            + " claiming 40,000 x 40,000 pixels) is refused with a reason naming the file and this"
                            + " limit. 200 million pixels is a 600 dpi scan of a 20 x 24 inch sheet.")
            .define(
                    ISOLATION,
                    Type.STRING,
                    ISOLATION_FORKED,
                    ValidString.in(ISOLATION_FORKED, ISOLATION_IN_PROCESS),
                    Importance.MEDIUM,
                    "Where parsers run: 'forked' (child JVMs with timeout and heap cap; a crash, OOM"
                            + " or hang fails only that file) or 'in-process' (fast, no protection; tests and trusted input).")
            .define(
                    TIMEOUT_MS,
                    Type.LONG,
                    120_000L,
                    Range.atLeast(1_000L),
                    Importance.MEDIUM,
                    "Per-file extraction timeout in forked mode; a child JVM's cold start takes 1.5-5 s and OCR is slow.")
            .define(
                    WORKER_HEAP,
                    Type.STRING,
                    "512m",
                    ConfigDef.LambdaValidator.with(
                            (name, value) -> {
                                if (value == null
                                        || !HEAP_SIZE.matcher(value.toString()).matches()) {
                                    throw new ConfigException(
                                            name, value, "must be a JVM heap size such as 512m or 2g");
                                }
                            },
                            () -> "JVM heap size such as 512m"),
                    Importance.MEDIUM,
                    "Heap for each file parsed at once in forked mode: the extraction child JVM's -Xmx is this times the"
                            + " parallelism, and a file parsed again alone after a crash gets this much.")
            .define(
                    OCR_ENABLED,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Run tesseract OCR on images and image-only PDF pages when tesseract is installed.")
            .define(
                    OCR_LANGUAGE,
                    Type.STRING,
                    "eng",
                    new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Tesseract language(s), e.g. 'eng' or 'eng+fra'.")
            .define(
                    PDF_PASSWORD,
                    Type.PASSWORD,
                    null,
                    Importance.LOW,
                    "Password tried on encrypted PDFs and Office files; without it they fail with a clear reason.");

    public IngestConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, withoutDeprecatedKeys(originals), false);
    }

    /**
     * Renames {@link #DEPRECATED_BLOB_DIR} to {@link #BLOB_ROOT} with a warning (ConfigDef has no aliases); when
     * both are given the new key wins.
     */
    static Map<?, ?> withoutDeprecatedKeys(Map<?, ?> originals) {
        if (!originals.containsKey(DEPRECATED_BLOB_DIR)) {
            return originals;
        }
        Map<Object, Object> renamed = new HashMap<>(originals);
        Object value = renamed.remove(DEPRECATED_BLOB_DIR);
        if (renamed.containsKey(BLOB_ROOT)) {
            LOG.warn("Ignoring deprecated setting {}: {} is set as well", DEPRECATED_BLOB_DIR, BLOB_ROOT);
        } else {
            LOG.warn(
                    "Setting {} is deprecated; use {} (the same key as the archive sink's)",
                    DEPRECATED_BLOB_DIR,
                    BLOB_ROOT);
            renamed.put(BLOB_ROOT, value);
        }
        return renamed;
    }

    public String agency() {
        return getString(AGENCY);
    }

    public String office() {
        return getString(OFFICE);
    }

    public String source() {
        return getString(SOURCE);
    }

    public Path blobRoot() {
        return Path.of(getString(BLOB_ROOT));
    }

    public int textMaxChars() {
        return getInt(TEXT_MAX_CHARS);
    }

    public ExtractionLimits limits() {
        return new ExtractionLimits(
                getInt(WRITE_LIMIT_CHARS),
                getInt(MAX_EMBEDDED),
                getInt(MAX_DEPTH),
                getLong(MAX_IMAGE_PIXELS),
                getBoolean(OCR_ENABLED),
                getString(OCR_LANGUAGE),
                getPassword(PDF_PASSWORD) == null
                        ? null
                        : getPassword(PDF_PASSWORD).value());
    }

    public boolean forked() {
        return ISOLATION_FORKED.equals(getString(ISOLATION));
    }

    public long timeoutMillis() {
        return getLong(TIMEOUT_MS);
    }

    public String workerHeap() {
        return getString(WORKER_HEAP);
    }
}

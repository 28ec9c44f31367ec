package io.recordflow.ingest.extract;

/**
 * Why a file could not be extracted.
 *
 * @param kind stable machine-readable cause, e.g. {@code ENCRYPTED}, {@code EMPTY_FILE}, {@code CORRUPT}
 * @param errorClass class name of the root exception
 * @param message one-line human-readable cause
 */
public record ParseFailure(String kind, String errorClass, String message) {

    public static final String EMPTY_FILE = "EMPTY_FILE";
    public static final String ENCRYPTED = "ENCRYPTED";
    public static final String CORRUPT = "CORRUPT";
    public static final String TIMEOUT = "TIMEOUT";
    public static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";
    public static final String CRASH = "CRASH";
    public static final String UNREADABLE = "UNREADABLE";
    public static final String IMAGE_TOO_LARGE = "IMAGE_TOO_LARGE";
    /** The schema registry gave no schema id for the file's records or audit events: nothing of the file was written. */
    public static final String REGISTRY_REFUSED = "REGISTRY_REFUSED";
    /** The run stopped starting files after the schema registry refused one; this file was not read. */
    public static final String NOT_ATTEMPTED = "NOT_ATTEMPTED";

    /** Classifies a Tika parse exception. */
    public static ParseFailure of(Throwable e) {
        Throwable root = rootCause(e);
        String kind;
        if (e instanceof org.apache.tika.exception.ZeroByteFileException) {
            kind = EMPTY_FILE;
        } else if (e instanceof org.apache.tika.exception.EncryptedDocumentException
                || root instanceof org.apache.tika.exception.EncryptedDocumentException
                || root.getClass().getName().endsWith("InvalidPasswordException")) {
            kind = ENCRYPTED;
        } else if (root instanceof ImageTooLargeException) {
            kind = IMAGE_TOO_LARGE;
        } else if (root instanceof OutOfMemoryError) {
            kind = OUT_OF_MEMORY;
        } else {
            kind = CORRUPT;
        }
        String message = switch (kind) {
            case EMPTY_FILE -> "file is empty (0 bytes)";
            case ENCRYPTED ->
                "document is password-protected; set " + io.recordflow.ingest.config.IngestConfig.PDF_PASSWORD
                        + " to open it (" + oneLine(root) + ")";
            default -> oneLine(root);
        };
        return new ParseFailure(kind, root.getClass().getName(), message);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 500 ? m.substring(0, 500) + "..." : m;
    }
}

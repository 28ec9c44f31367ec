package io.recordflow.app.cli;

/** Process exit codes of the {@code recordflow} command, after BSD sysexits where one fits. */
public final class ExitCode {

    /** Everything worked. */
    public static final int OK = 0;
    /** The command ran, but some items failed (files not ingested, records dead-lettered). */
    public static final int PARTIAL_FAILURE = 1;
    /** Wrong command-line usage; picocli's own code for parameter errors. */
    public static final int USAGE = 2;
    /** Input data was unusable (sysexits EX_DATAERR). */
    public static final int DATA_ERROR = 65;
    /**
     * A required service (Kafka, schema registry, model server, database) could not be reached (EX_UNAVAILABLE); also
     * {@code ingest} after the schema registry refused a file's schemas, once it has printed its summary.
     */
    public static final int UNAVAILABLE = 69;
    /** An internal error: a bug (EX_SOFTWARE). */
    public static final int SOFTWARE = 70;
    /** The service refused this client's credentials or certificate, or the client refused the service's (EX_NOPERM). */
    public static final int NOPERM = 77;
    /** A file could not be read or written (EX_IOERR). */
    public static final int IO_ERROR = 74;
    /** A setting is missing or invalid (EX_CONFIG). */
    public static final int CONFIG = 78;
    /** Interrupted by Ctrl-C. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}

package io.recordflow.ingest.pipeline;

import io.recordflow.ingest.audit.AuditEvents;
import io.recordflow.ingest.blob.BlobStore;
import io.recordflow.ingest.blob.StoredBlob;
import io.recordflow.ingest.extract.Extraction;
import io.recordflow.ingest.extract.Extractor;
import io.recordflow.ingest.extract.ParseFailure;
import io.recordflow.ingest.extract.SourceDescription;
import io.recordflow.ingest.identity.RecordIds;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.Stage;
import io.recordflow.registry.SchemaRegistryException;
import io.recordflow.secrets.UrlRedaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one input: claim-checks the bytes into the blob store while hashing them, skips content already ingested
 * in this run (or, when told, in an earlier one), extracts records and hands them with their audit events to the outlet. Every failure becomes a
 * DeadLetter naming the file and the cause; only an outlet that cannot write (Kafka unreachable) escapes as an exception.
 * Once the schema registry has refused a file's records, later files are reported as not attempted. Thread-safe.
 */
public final class FileIngestor {

    private static final Logger LOG = LoggerFactory.getLogger(FileIngestor.class);

    private final BlobStore blobs;
    private final Extractor extractor;
    private final RecordOutlet outlet;
    private final AuditEvents audit;
    private final Clock clock;
    private final String source;
    private final String agency;
    private final String office;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Predicate<String> ingestedBefore;
    /** The first file whose records or dead letter the schema registry refused, once one was. */
    private final AtomicReference<String> refusedByRegistry = new AtomicReference<>();
    /** The first file whose records the schema registry refused: no file is started after it. */
    private final AtomicReference<String> stoppedAfter = new AtomicReference<>();

    public FileIngestor(
            BlobStore blobs,
            Extractor extractor,
            RecordOutlet outlet,
            AuditEvents audit,
            Clock clock,
            String source,
            String agency,
            String office) {
        this(blobs, extractor, outlet, audit, clock, source, agency, office, recordId -> false);
    }

    /**
     * As above, also skipping content whose record id {@code ingestedBefore} reports as already on the ingest topic
     * (an earlier run), so re-running over the same folder sends nothing twice.
     */
    public FileIngestor(
            BlobStore blobs,
            Extractor extractor,
            RecordOutlet outlet,
            AuditEvents audit,
            Clock clock,
            String source,
            String agency,
            String office,
            Predicate<String> ingestedBefore) {
        this.ingestedBefore = ingestedBefore;
        this.blobs = blobs;
        this.extractor = extractor;
        this.outlet = outlet;
        this.audit = audit;
        this.clock = clock;
        this.source = source;
        this.agency = agency;
        this.office = office;
    }

    public FileOutcome ingest(InputFile input) {
        String refused = stoppedAfter.get();
        if (refused != null) {
            // A refusal concerns a subject, not a file's content: every later file would wait out the same retries and
            // fail the same way, so the run stops starting files and names the rest as not attempted.
            return notAttempted(input, refused);
        }
        StoredBlob blob;
        try (InputStream in = input.opener().open()) {
            blob = blobs.put(in);
        } catch (IOException | RuntimeException e) {
            return fail(input, null, 0, readFailure(input, e), e);
        }
        String recordId = RecordIds.forContent(source, blob.sha256());
        if (!seen.add(recordId)) {
            LOG.info(
                    "{}: same content as a file already ingested in this run (record {}), skipped",
                    input.sourceUri(),
                    recordId);
            return new FileOutcome(input.sourceUri(), FileOutcome.Status.DUPLICATE, 0, blob.sizeBytes(), null);
        }
        if (ingestedBefore.test(recordId)) {
            LOG.info("{}: already ingested by an earlier run (record {}), skipped", input.sourceUri(), recordId);
            return new FileOutcome(input.sourceUri(), FileOutcome.Status.DUPLICATE, 0, blob.sizeBytes(), null);
        }
        Extraction extraction;
        try {
            extraction = extractor.extract(
                    blob, new SourceDescription(input.sourceUri(), input.fileName(), source, agency, office));
        } catch (IOException | RuntimeException e) {
            return fail(
                    input,
                    recordId,
                    blob.sizeBytes(),
                    new ParseFailure(ParseFailure.CORRUPT, e.getClass().getName(), String.valueOf(e.getMessage())),
                    e);
        }
        if (extraction.failed()) {
            return fail(input, recordId, blob.sizeBytes(), extraction.failure(), null);
        }
        List<AuditEvent> events = new ArrayList<>();
        for (AgencyRecord r : extraction.records()) {
            events.addAll(audit.forRecord(r, extraction.parseMillis()));
        }
        // an outlet failure (Kafka unreachable) is not this file's fault: it propagates and stops the run
        try {
            outlet.records(extraction.records(), events);
        } catch (SerializationException e) {
            // the outlet serializes a file completely before its transaction, so a refusal means nothing was written
            String refusal = registryRefusal(e).orElseThrow(() -> e);
            refusedByRegistry.compareAndSet(null, input.sourceUri());
            stoppedAfter.compareAndSet(null, input.sourceUri());
            LOG.debug("{}: the schema registry refused", input.sourceUri(), e);
            return fail(
                    input,
                    recordId,
                    blob.sizeBytes(),
                    new ParseFailure(
                            ParseFailure.REGISTRY_REFUSED,
                            rootCause(e).getClass().getName(),
                            "schema registry refused, nothing of the file written: " + refusal),
                    null);
        }
        return new FileOutcome(
                input.sourceUri(),
                FileOutcome.Status.INGESTED,
                extraction.records().size(),
                blob.sizeBytes(),
                null);
    }

    /** The first file whose records or dead letter the schema registry refused in this run, if it refused one. */
    public Optional<String> refusedByRegistry() {
        return Optional.ofNullable(refusedByRegistry.get());
    }

    /**
     * The registry's refusal behind a serialization failure, as the serializer worded it (subject, registry URL tried,
     * registry answer) with any credential in a URL hidden; empty when the registry was not the cause.
     */
    private static Optional<String> registryRefusal(SerializationException e) {
        Throwable described = e;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SchemaRegistryException) {
                return Optional.of(UrlRedaction.redact(String.valueOf(described.getMessage())));
            }
            if (t instanceof SerializationException) {
                described = t;
            }
        }
        return Optional.empty();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static FileOutcome notAttempted(InputFile input, String refusedFile) {
        return new FileOutcome(
                input.sourceUri(),
                FileOutcome.Status.FAILED,
                0,
                0,
                ParseFailure.NOT_ATTEMPTED + ": " + input.sourceUri()
                        + ": not attempted, the run stopped starting files after the schema registry refused the records of "
                        + refusedFile);
    }

    private static ParseFailure readFailure(InputFile input, Exception e) {
        String message;
        if (e instanceof NoSuchFileException) {
            message = "file vanished before it could be read";
        } else if (e instanceof AccessDeniedException) {
            message = "permission denied";
        } else {
            message = "cannot be read: " + e.getMessage();
        }
        return new ParseFailure(ParseFailure.UNREADABLE, e.getClass().getName(), message);
    }

    private FileOutcome fail(InputFile input, String recordId, long size, ParseFailure failure, Exception cause) {
        String reason = input.sourceUri() + ": " + failure.message();
        if (cause != null && !(cause instanceof IOException)) {
            LOG.warn("{}: unexpected {}", input.sourceUri(), cause.getClass().getName(), cause);
        } else {
            LOG.warn("{} ({})", reason, failure.kind());
        }
        DeadLetter letter = DeadLetter.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setStage(Stage.INGEST)
                .setRecordId(recordId)
                .setSourceUri(input.sourceUri())
                .setErrorClass(failure.errorClass())
                .setErrorMessage(reason)
                .setFailedAt(clock.instant())
                .setContext(Map.of(
                        "fileName",
                        String.valueOf(input.fileName()),
                        "failureKind",
                        failure.kind(),
                        "sizeBytes",
                        Long.toString(size)))
                .build();
        String deadLetterRefused = "";
        try {
            outlet.deadLetter(letter, audit.forDeadLetter(letter));
        } catch (SerializationException e) {
            String refusal = registryRefusal(e).orElseThrow(() -> e);
            refusedByRegistry.compareAndSet(null, input.sourceUri());
            // later files go on: only those that fail as well lose their dead letter
            LOG.warn("{}: no dead letter written, the schema registry refused: {}", input.sourceUri(), refusal);
            LOG.debug("{}: dead letter refused", input.sourceUri(), e);
            deadLetterRefused = "; no dead letter written either: " + refusal;
        }
        return new FileOutcome(
                input.sourceUri(),
                FileOutcome.Status.FAILED,
                0,
                size,
                failure.kind() + ": " + reason + deadLetterRefused);
    }
}

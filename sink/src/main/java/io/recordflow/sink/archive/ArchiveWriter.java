package io.recordflow.sink.archive;

import io.recordflow.sink.delivery.BadRecordReporter;
import io.recordflow.sink.record.EnrichedStruct;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts enriched records into BagIt bags, rolling bags by record count, payload size and age. Records become
 * durable only when their bag is published; {@link #write} and {@link #rollIfDue} return those records, in
 * order, for the task to commit. Records already archived (same or newer enrichment) are skipped.
 */
final class ArchiveWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
    private static final DateTimeFormatter BAG_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final Path archiveDir;
    private final Path workDir;
    private final BlobReader blobs;
    private final int maxRecords;
    private final long maxBytes;
    private final Duration maxAge;
    private final OpenBag.Info info;
    private final BadRecordReporter badRecords;
    private final Clock clock;
    private final List<SinkRecord> pending = new ArrayList<>();
    private BagIndex index;
    private OpenBag open;

    ArchiveWriter(ArchiveSinkConfig config, String taskId, BadRecordReporter badRecords, Clock clock) {
        this.archiveDir = config.archiveDir();
        this.workDir = archiveDir.resolve(".incomplete").resolve(taskId);
        this.blobs = new BlobReader(config.blobRoot());
        this.maxRecords = config.maxRecords();
        this.maxBytes = config.maxBytes();
        this.maxAge = config.maxAge();
        this.info = new OpenBag.Info(
                config.sourceOrganization(),
                config.contactEmail(),
                "Enriched agency records with originals, extracted text, enrichment and NARA Bulletin 2015-04 metadata");
        this.badRecords = badRecords;
        this.clock = clock;
    }

    /** Discards this task's unfinished bags (their records were never committed) and indexes finished ones. */
    void recover() throws IOException {
        Files.createDirectories(workDir);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(workDir)) {
            for (Path leftover : leftovers) {
                LOG.warn(
                        "Discarding unfinished bag {} left by an earlier run; its records will be redelivered",
                        leftover);
                SyncedFiles.deleteTree(leftover);
            }
        }
        index = BagIndex.load(archiveDir);
        LOG.info("Archive {} holds {} records in finished bags", archiveDir, index.size());
    }

    /** Archives records; returns the records made durable by bags finished during this call. */
    List<SinkRecord> write(Collection<SinkRecord> records) throws IOException {
        List<SinkRecord> durable = new ArrayList<>();
        for (SinkRecord record : records) {
            archive(record);
            pending.add(record);
            if (open != null && (open.recordCount() >= maxRecords || open.payloadBytes() >= maxBytes)) {
                durable.addAll(finishOpenBag());
            }
        }
        if (open == null) {
            // Only skipped or bad records since the last bag: nothing waits on a bag.
            durable.addAll(pending);
            pending.clear();
        }
        return durable;
    }

    private void archive(SinkRecord record) throws IOException {
        if (record.value() == null) {
            LOG.debug("Ignoring tombstone {}: the archive is append-only", BadRecordReporter.describe(record));
            return;
        }
        EnrichedStruct enriched;
        try {
            enriched = EnrichedStruct.of(record);
            if (index.isArchived(enriched.recordId(), enriched.version())
                    || (open != null && open.contains(enriched.recordId()))) {
                return;
            }
        } catch (DataException | ClassCastException e) {
            badRecords.report(record, new DataException("Invalid EnrichedRecord: " + e.getMessage(), e));
            return;
        }
        try {
            openBag().add(enriched, blobs);
        } catch (BadRecordException e) {
            badRecords.report(
                    record,
                    new DataException("Cannot archive record " + enriched.recordId() + ": " + e.getMessage(), e));
        }
    }

    private OpenBag openBag() throws IOException {
        if (open == null) {
            Instant now = clock.instant();
            String name = "recordflow-" + BAG_TIME.format(now) + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            open = new OpenBag(workDir, name, now);
        }
        return open;
    }

    /** Finishes the open bag when it has been open for the configured maximum age. */
    List<SinkRecord> rollIfDue() throws IOException {
        if (open != null && !clock.instant().isBefore(open.createdAt().plus(maxAge))) {
            return finishOpenBag();
        }
        return List.of();
    }

    /** Publishes the open bag (if it holds records) and returns the records now durable. */
    List<SinkRecord> finishOpenBag() throws IOException {
        if (open != null) {
            if (open.recordCount() == 0) {
                SyncedFiles.deleteTree(workDir.resolve(open.name()));
            } else {
                Path bag = open.finish(archiveDir, info);
                BagIndex finished = BagIndex.loadBag(bag);
                index.merge(finished);
                LOG.info(
                        "Finished bag {} with {} records ({} payload bytes)",
                        bag,
                        open.recordCount(),
                        open.payloadBytes());
            }
            open = null;
        }
        List<SinkRecord> durable = new ArrayList<>(pending);
        pending.clear();
        return durable;
    }
}

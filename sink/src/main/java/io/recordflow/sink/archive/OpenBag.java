package io.recordflow.sink.archive;

import io.recordflow.blob.BlobRoots;
import io.recordflow.sink.record.EnrichedStruct;
import io.recordflow.sink.version.SinkVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A BagIt 1.0 bag being filled in a hidden working directory. Payload files are fsynced as they are written;
 * {@link #finish} adds the metadata CSV and tag files (the tag manifest last), fsyncs the tree and renames it
 * into the archive in one atomic step, so a bag in the archive directory is always complete.
 */
final class OpenBag {

    private static final Pattern CONTENT_ADDRESS = Pattern.compile("[0-9a-f]{64}");

    /** Bag-level facts for bag-info.txt. */
    record Info(String sourceOrganization, String contactEmail, String description) {}

    private final String name;
    private final Path dir;
    private final Instant createdAt;
    private final Map<String, String> manifest = new TreeMap<>();
    private final List<String> csvLines = new ArrayList<>();
    private final StringBuilder indexLines = new StringBuilder();
    private final Set<String> recordIds = new HashSet<>();
    private final Set<String> verifiedContainers = new HashSet<>();
    private long payloadBytes;
    private long payloadFiles;

    OpenBag(Path workDir, String name, Instant createdAt) throws IOException {
        this.name = name;
        this.dir = workDir.resolve(name);
        this.createdAt = createdAt;
        Files.createDirectories(dir.resolve("data"));
    }

    String name() {
        return name;
    }

    Instant createdAt() {
        return createdAt;
    }

    int recordCount() {
        return recordIds.size();
    }

    long payloadBytes() {
        return payloadBytes;
    }

    boolean contains(String recordId) {
        return recordIds.contains(recordId);
    }

    /**
     * Adds a record's original (checked against its SHA-256), extracted text and enrichment JSON. The record counts
     * as part of the bag only once all of them are on disk. A document embedded in a container (an attachment, a zip
     * entry) has no stored original of its own: its entry names the container, checked to be the stored file its
     * content address says, and the document's path inside it.
     */
    void add(EnrichedStruct record, BlobReader blobs) throws IOException, BadRecordException {
        String recordId = record.recordId();
        String base = "data/records/" + BagPaths.encodeSegment(recordId) + "/";
        String contentUri = record.requiredString("record.contentUri");
        BlobRoots.Location location = blobs.locate(contentUri);
        Map<String, SyncedFiles.Written> files = new TreeMap<>();
        String originalPath;
        if (location.embedded()) {
            verifyContainer(contentUri, location.file());
            originalPath = base + "contained-in.txt";
            files.put(originalPath, SyncedFiles.write(dir.resolve(originalPath), containedIn(record, location)));
        } else {
            originalPath = base + "original/" + BagPaths.safeFileName(record.string("record.fileName"));
            files.put(originalPath, copyOriginal(record, blobs, dir.resolve(originalPath)));
        }
        files.put(base + "text.txt", SyncedFiles.write(dir.resolve(base + "text.txt"), text(record, blobs)));
        files.put(
                base + "enrichment.json",
                SyncedFiles.write(
                        dir.resolve(base + "enrichment.json"),
                        record.toJsonWithoutText().toPrettyString() + "\n"));

        files.forEach((path, written) -> {
            manifest.put(path, written.sha256());
            payloadBytes += written.bytes();
            payloadFiles++;
        });
        csvLines.add(NaraMetadataCsv.line(new NaraMetadataCsv.Row(record, originalPath)));
        indexLines.append(BagIndex.line(recordId, record.version()));
        recordIds.add(recordId);
    }

    private static SyncedFiles.Written copyOriginal(EnrichedStruct record, BlobReader blobs, Path target)
            throws IOException, BadRecordException {
        String contentUri = record.requiredString("record.contentUri");
        SyncedFiles.Written original;
        try (InputStream in = blobs.open(contentUri)) {
            original = SyncedFiles.copy(in, target);
        }
        String expected = record.requiredString("record.sha256");
        if (!original.sha256().equals(expected)) {
            Files.delete(target);
            throw new BadRecordException("Original " + contentUri + " has SHA-256 " + original.sha256()
                    + " but the record says " + expected + ": the blob store copy is not the original");
        }
        return original;
    }

    /** A stored container's content must still match the SHA-256 its content-addressed name carries. */
    private void verifyContainer(String contentUri, Path container) throws IOException, BadRecordException {
        String name = container.getFileName().toString();
        if (!CONTENT_ADDRESS.matcher(name).matches() || verifiedContainers.contains(name)) {
            return;
        }
        String actual = SyncedFiles.sha256(container);
        if (!actual.equals(name)) {
            throw new BadRecordException("Container of " + contentUri + " has SHA-256 " + actual + ", not the " + name
                    + " its blob store address says: the blob store copy is not the original");
        }
        verifiedContainers.add(name);
    }

    private static String containedIn(EnrichedStruct record, BlobRoots.Location location) {
        return "Embedded-Path: " + BagPaths.oneLine(location.embeddedPath()) + "\n"
                + "Parent-Record-ID: " + BagPaths.oneLine(record.string("record.parentRecordId")) + "\n"
                + "Container-SHA-256: " + location.file().getFileName() + "\n"
                + "SHA-256: " + BagPaths.oneLine(record.string("record.sha256")) + "\n"
                + "File-Name: " + BagPaths.oneLine(record.string("record.fileName")) + "\n";
    }

    /** The complete extracted text when the record carries a truncated one and the full text is in the store. */
    private static String text(EnrichedStruct record, BlobReader blobs) throws IOException {
        String text = record.string("record.text");
        String fullTextUri = record.string("record.fullTextUri");
        if (Boolean.TRUE.equals(record.bool("record.textTruncated")) && fullTextUri != null) {
            try (InputStream in = blobs.open(fullTextUri)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (BadRecordException e) {
                // Keep the bounded text: enrichment.json says textTruncated, so the gap is visible, not silent.
                return text == null ? "" : text;
            }
        }
        return text == null ? "" : text;
    }

    /** Writes metadata and tag files, fsyncs everything and moves the bag into {@code archiveDir}. */
    Path finish(Path archiveDir, Info info) throws IOException {
        SyncedFiles.Written csv = SyncedFiles.write(
                dir.resolve("data/" + NaraMetadataCsv.FILE_NAME), NaraMetadataCsv.header() + String.join("", csvLines));
        manifest.put("data/" + NaraMetadataCsv.FILE_NAME, csv.sha256());
        payloadBytes += csv.bytes();
        payloadFiles++;

        Map<String, String> tagManifest = new TreeMap<>();
        tagManifest.put(
                "bagit.txt",
                SyncedFiles.write(dir.resolve("bagit.txt"), "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
                        .sha256());
        tagManifest.put(
                "manifest-sha256.txt",
                SyncedFiles.write(dir.resolve("manifest-sha256.txt"), manifestText(manifest))
                        .sha256());
        tagManifest.put(
                "bag-info.txt",
                SyncedFiles.write(dir.resolve("bag-info.txt"), bagInfo(info)).sha256());
        tagManifest.put(
                BagIndex.FILE_NAME,
                SyncedFiles.write(dir.resolve(BagIndex.FILE_NAME), indexLines.toString())
                        .sha256());
        // The tag manifest is written last: a bag without it is visibly unfinished even before the rename.
        SyncedFiles.write(dir.resolve("tagmanifest-sha256.txt"), manifestText(tagManifest));

        try (var dirs = Files.walk(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                SyncedFiles.syncDirectory(d);
            }
        }
        Path target = archiveDir.resolve(name);
        SyncedFiles.publish(dir, target);
        return target;
    }

    private static String manifestText(Map<String, String> checksums) {
        StringBuilder text = new StringBuilder();
        checksums.forEach((path, sha) -> text.append(sha)
                .append("  ")
                .append(BagPaths.manifestPath(path))
                .append('\n'));
        return text.toString();
    }

    private String bagInfo(Info info) {
        StringBuilder text = new StringBuilder();
        appendIfPresent(text, "Source-Organization", info.sourceOrganization());
        appendIfPresent(text, "Contact-Email", info.contactEmail());
        appendIfPresent(text, "External-Description", info.description());
        text.append("Bagging-Date: ").append(LocalDate.now(ZoneOffset.UTC)).append('\n');
        text.append("External-Identifier: ").append(name).append('\n');
        text.append("Bag-Software-Agent: RecordFlow archive sink ")
                .append(SinkVersion.get())
                .append('\n');
        text.append("Payload-Oxum: ")
                .append(payloadBytes)
                .append('.')
                .append(payloadFiles)
                .append('\n');
        text.append("Bag-Group-Identifier: RecordFlow\n");
        text.append("Internal-Sender-Identifier: ").append(recordIds.size()).append(" records\n");
        return text.toString();
    }

    private static void appendIfPresent(StringBuilder text, String label, String value) {
        if (value != null && !value.isBlank()) {
            text.append(label).append(": ").append(value.replace('\n', ' ')).append('\n');
        }
    }
}

package io.recordflow.sink.archive;

import io.recordflow.records.EnrichmentVersion;
import io.recordflow.records.HumanProvenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Which enrichment of which record is already in a finished bag, rebuilt on start from the bags' own
 * {@value #FILE_NAME} tag files, so a replayed record is not archived twice. Lines are record id, enrichedAt, model
 * version and {@value #HUMAN} or {@value #MODEL}; lines of bags written before that fourth column count as model.
 */
final class BagIndex {

    static final String FILE_NAME = "recordflow-records.tsv";
    private static final String HUMAN = HumanProvenance.PROVIDER;
    private static final String MODEL = "model";

    /** The archived version of a record. */
    record Entry(String bag, EnrichmentVersion version) {}

    private final Map<String, Entry> entries = new HashMap<>();

    /** Reads every finished bag under {@code archiveDir}; incomplete bags (hidden directories) are ignored. */
    static BagIndex load(Path archiveDir) throws IOException {
        BagIndex index = new BagIndex();
        for (Path bag : ArchiveLayout.finishedBags(archiveDir)) {
            index.merge(loadBag(bag));
        }
        return index;
    }

    /** The records of one finished bag. */
    static BagIndex loadBag(Path bag) throws IOException {
        BagIndex index = new BagIndex();
        Path file = bag.resolve(FILE_NAME);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split("\t");
                boolean human = parts.length > 3 && parts[3].equals(HUMAN);
                index.put(
                        parts[0],
                        new Entry(
                                bag.getFileName().toString(),
                                new EnrichmentVersion(human, Instant.parse(parts[1]), parts[2])));
            }
        }
        return index;
    }

    void merge(BagIndex other) {
        other.entries.forEach(this::put);
    }

    /** True when this enrichment, or a newer one, of the record is already archived. */
    boolean isArchived(String recordId, EnrichmentVersion version) {
        Entry existing = entries.get(recordId);
        return existing != null && existing.version().compareTo(version) >= 0;
    }

    void put(String recordId, Entry entry) {
        entries.merge(recordId, entry, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
    }

    int size() {
        return entries.size();
    }

    static String line(String recordId, EnrichmentVersion version) {
        return recordId + "\t" + version.enrichedAt() + "\t" + version.modelVersion() + "\t"
                + (version.human() ? HUMAN : MODEL) + "\n";
    }
}

package io.recordflow.sink.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which enrichment of which record is already in a finished bag, rebuilt on start from the bags' own
 * {@value #FILE_NAME} tag files, so a replayed record is not archived twice.
 */
final class BagIndex {

    static final String FILE_NAME = "recordflow-records.tsv";

    /** The archived version of a record. */
    record Entry(String bag, Instant enrichedAt, String modelVersion) {
        static final Comparator<Entry> VERSION_ORDER =
                Comparator.comparing(Entry::enrichedAt).thenComparing(Entry::modelVersion);
    }

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
                index.put(parts[0], new Entry(bag.getFileName().toString(), Instant.parse(parts[1]), parts[2]));
            }
        }
        return index;
    }

    void merge(BagIndex other) {
        other.entries.forEach(this::put);
    }

    /** True when this enrichment, or a newer one, of the record is already archived. */
    boolean isArchived(String recordId, Instant enrichedAt, String modelVersion) {
        Entry existing = entries.get(recordId);
        return existing != null
                && Entry.VERSION_ORDER.compare(existing, new Entry(existing.bag(), enrichedAt, modelVersion)) >= 0;
    }

    void put(String recordId, Entry entry) {
        entries.merge(recordId, entry, (a, b) -> Entry.VERSION_ORDER.compare(a, b) >= 0 ? a : b);
    }

    int size() {
        return entries.size();
    }

    static String line(String recordId, Instant enrichedAt, String modelVersion) {
        return recordId + "\t" + enrichedAt + "\t" + modelVersion + "\n";
    }

}

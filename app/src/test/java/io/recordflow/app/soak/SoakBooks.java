package io.recordflow.app.soak;

import io.recordflow.app.fixtures.ArchiveBags;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The soak's books, counted from what each side holds at the end: the topics read {@code read_committed}, the rows of
 * the PostgreSQL table, the finished bags. Every ingested record must be enriched exactly once or dead-lettered with a
 * reason; every enriched record must have exactly one row carrying its latest enrichment and sit in exactly one
 * finished, valid bag; no bag may be left half-written.
 *
 * @param expected        records the corpus holds
 * @param ingested        distinct record ids on the ingested topic
 * @param enriched        distinct record ids with a committed enrichment
 * @param deadLettered    distinct record ids dead-lettered (and not enriched)
 * @param lost            corpus records with neither an enrichment nor a dead letter, or never ingested
 * @param duplicated      committed enrichments beyond the first per record id, plus ids both enriched and dead-lettered
 * @param review          enrichments that need review, by reason
 * @param rows            rows in the records table
 * @param staleRows       rows whose enrichment is not the latest committed one, or with no enrichment behind them
 * @param missingRows     enriched record ids without a row
 * @param bagged          record ids listed by finished bags, each occurrence
 * @param bagProblems     what is wrong with the archive: ids missing from or repeated in bags, half-written bags
 * @param bags            finished bags
 * @param deadLetterReasons dead letters by error class
 */
record SoakBooks(
        int expected,
        int ingested,
        int enriched,
        int deadLettered,
        int lost,
        int duplicated,
        Map<String, Integer> review,
        int rows,
        int staleRows,
        int missingRows,
        int bagged,
        List<String> bagProblems,
        int bags,
        Map<String, Integer> deadLetterReasons) {

    static SoakBooks count(int expected, String bootstrapServers, String registryUrl, String jdbcUrl, Path archiveDir)
            throws Exception {
        TopicContents topics = new TopicContents(bootstrapServers, registryUrl);
        Set<String> ingested = new HashSet<>();
        for (AgencyRecord record : topics.values(Topics.INGESTED)) {
            ingested.add(record.getRecordId());
        }
        Map<String, Integer> enrichments = new HashMap<>();
        Map<String, Long> latestEnrichedAt = new HashMap<>();
        Map<String, Integer> review = new TreeMap<>();
        for (EnrichedRecord record : topics.values(Topics.ENRICHED)) {
            String id = record.getRecordId();
            enrichments.merge(id, 1, Integer::sum);
            // Topic order per key is partition order: the last one read is the latest.
            latestEnrichedAt.put(id, record.getEnrichedAt().toEpochMilli());
            if (record.getNeedsReview()) {
                record.getReviewReasons().forEach(r -> review.merge(r.name(), 1, Integer::sum));
            }
        }
        Set<String> deadLettered = new HashSet<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int blankReasons = 0;
        for (DeadLetter letter : topics.values(Topics.DLQ)) {
            deadLettered.add(letter.getRecordId());
            reasons.merge(letter.getErrorClass(), 1, Integer::sum);
            if (letter.getErrorMessage() == null || letter.getErrorMessage().isBlank()) {
                blankReasons++;
            }
        }
        if (blankReasons > 0) {
            reasons.put("(dead letters without a reason)", blankReasons);
        }
        int duplicated = 0;
        for (int n : enrichments.values()) {
            duplicated += n - 1;
        }
        Set<String> both = new HashSet<>(deadLettered);
        both.retainAll(enrichments.keySet());
        duplicated += both.size();
        deadLettered.removeAll(enrichments.keySet());

        Set<String> accounted = new HashSet<>(enrichments.keySet());
        accounted.addAll(deadLettered);
        Set<String> unaccounted = new HashSet<>(ingested);
        unaccounted.removeAll(accounted);
        int lost = unaccounted.size() + Math.max(0, expected - ingested.size());

        Map<String, Long> rowEnrichedAt = rows(jdbcUrl);
        int stale = 0;
        for (Map.Entry<String, Long> row : rowEnrichedAt.entrySet()) {
            Long latest = latestEnrichedAt.get(row.getKey());
            if (latest == null || !latest.equals(row.getValue())) {
                stale++;
            }
        }
        Set<String> missing = new HashSet<>(enrichments.keySet());
        missing.removeAll(rowEnrichedAt.keySet());

        List<String> bagProblems = new ArrayList<>();
        ArchiveBags bags = ArchiveBags.in(archiveDir);
        List<String> bagged = bags.recordIds();
        Map<String, Integer> perId = new HashMap<>();
        bagged.forEach(id -> perId.merge(id, 1, Integer::sum));
        perId.forEach((id, n) -> {
            if (n > 1) {
                bagProblems.add(id + " is in " + n + " bags");
            } else if (!enrichments.containsKey(id)) {
                bagProblems.add(id + " is bagged but has no committed enrichment");
            }
        });
        long unbagged = enrichments.keySet().stream()
                .filter(id -> !perId.containsKey(id))
                .count();
        if (unbagged > 0) {
            bagProblems.add(unbagged + " enriched records are in no finished bag");
        }
        bagProblems.addAll(halfWrittenBags(archiveDir));
        try {
            bags.verifyEach();
        } catch (Exception e) {
            bagProblems.add("invalid bag: " + e.getMessage());
        }
        return new SoakBooks(
                expected,
                ingested.size(),
                enrichments.size(),
                deadLettered.size(),
                lost,
                duplicated,
                review,
                rowEnrichedAt.size(),
                stale,
                missing.size(),
                bagged.size(),
                bagProblems,
                bags.bags().size(),
                reasons);
    }

    /** Whether every check holds. */
    boolean balanced() {
        return lost == 0
                && duplicated == 0
                && staleRows == 0
                && missingRows == 0
                && bagProblems.isEmpty()
                && !deadLetterReasons.containsKey("(dead letters without a reason)");
    }

    /** Record id to enriched_at (ms) of every row of the records table. */
    private static Map<String, Long> rows(String jdbcUrl) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT record_id, enriched_at FROM public.records")) {
            while (r.next()) {
                Timestamp at = r.getTimestamp(2);
                if (rows.put(r.getString(1), at.getTime()) != null) {
                    throw new IllegalStateException("two rows for record " + r.getString(1));
                }
            }
        }
        return rows;
    }

    /** Folders left in the archive's work area or without bagit.txt at the top: bags no one finished. */
    private static List<String> halfWrittenBags(Path archiveDir) throws IOException {
        List<String> problems = new ArrayList<>();
        Path incomplete = archiveDir.resolve(".incomplete");
        if (Files.isDirectory(incomplete)) {
            try (Stream<Path> tasks = Files.walk(incomplete, 2)) {
                tasks.filter(p -> p.getNameCount() - incomplete.getNameCount() == 2)
                        .forEach(p -> problems.add("half-written bag left in " + archiveDir.relativize(p)));
            }
        }
        if (Files.isDirectory(archiveDir)) {
            try (Stream<Path> entries = Files.list(archiveDir)) {
                entries.filter(Files::isDirectory)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> !Files.isRegularFile(p.resolve("bagit.txt")))
                        .forEach(p -> problems.add("folder without bagit.txt: " + archiveDir.relativize(p)));
            }
        }
        return problems;
    }
}

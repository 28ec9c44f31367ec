package io.recordflow.app.diff;

import io.recordflow.records.EnrichedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two enrichment runs record by record (joined by recordId): category changes, confidence shifts, and a
 * confusion table of left code × right code. Pure: the command reads the topics, this computes.
 */
public final class EnrichmentDiff {

    private EnrichmentDiff() {}

    /** One record present on both sides. */
    public record RecordComparison(
            String recordId,
            String leftCode,
            String rightCode,
            double leftConfidence,
            double rightConfidence,
            String leftModel,
            String rightModel) {

        public boolean categoryChanged() {
            return !leftCode.equals(rightCode);
        }

        public double confidenceShift() {
            return rightConfidence - leftConfidence;
        }

        /** Changed when the category differs or the confidence moved by at least {@code minShift}. */
        public boolean changed(double minShift) {
            return categoryChanged() || Math.abs(confidenceShift()) >= minShift && confidenceShift() != 0.0;
        }
    }

    /** Aggregates over the compared records. */
    public record Summary(
            long compared,
            long onlyLeft,
            long onlyRight,
            long sameCategory,
            double agreementPercent,
            double meanAbsConfidenceShift,
            long changed) {}

    /** The whole comparison; {@code confusion} maps left code to right code to count, codes sorted. */
    public record Report(
            String left,
            String right,
            Summary summary,
            List<RecordComparison> records,
            List<String> onlyLeftIds,
            List<String> onlyRightIds,
            Map<String, Map<String, Long>> confusion) {}

    /**
     * Compares the latest enrichments of each side. {@code records} in the report holds all comparisons, in
     * recordId order; callers show the changed ones by default.
     */
    public static Report compare(
            String leftName,
            Map<String, EnrichedRecord> left,
            String rightName,
            Map<String, EnrichedRecord> right,
            double minShift) {
        List<RecordComparison> records = new ArrayList<>();
        List<String> onlyLeft = new ArrayList<>();
        Map<String, Map<String, Long>> confusion = new TreeMap<>();
        double shiftSum = 0;
        long same = 0;
        long changed = 0;
        for (String id : new TreeSet<>(left.keySet())) {
            EnrichedRecord l = left.get(id);
            EnrichedRecord r = right.get(id);
            if (r == null) {
                onlyLeft.add(id);
                continue;
            }
            RecordComparison c = new RecordComparison(
                    id,
                    l.getClassification().getCode(),
                    r.getClassification().getCode(),
                    l.getClassification().getConfidence(),
                    r.getClassification().getConfidence(),
                    model(l),
                    model(r));
            records.add(c);
            shiftSum += Math.abs(c.confidenceShift());
            same += c.categoryChanged() ? 0 : 1;
            changed += c.changed(minShift) ? 1 : 0;
            confusion.computeIfAbsent(c.leftCode(), k -> new TreeMap<>()).merge(c.rightCode(), 1L, Long::sum);
        }
        List<String> onlyRight = new TreeSet<>(right.keySet())
                .stream().filter(id -> !left.containsKey(id)).toList();
        long compared = records.size();
        Summary summary = new Summary(
                compared,
                onlyLeft.size(),
                onlyRight.size(),
                same,
                compared == 0 ? 0.0 : 100.0 * same / compared,
                compared == 0 ? 0.0 : shiftSum / compared,
                changed);
        return new Report(leftName, rightName, summary, records, onlyLeft, onlyRight, confusion);
    }

    private static String model(EnrichedRecord r) {
        return r.getProvenance().getProvider() + "/" + r.getProvenance().getModel();
    }
}

package io.recordflow.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recordflow.app.diff.EnrichmentDiff;
import io.recordflow.app.diff.EnrichmentDiff.RecordComparison;
import io.recordflow.app.diff.EnrichmentDiff.Report;
import io.recordflow.app.kafka.TopicScan;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.topics.Topic;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.Serdes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recordflow diff}: compares two enrichment topics (e.g. two models) record by record. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description =
                "Compare two enrichment runs record by record: category changes, confidence shifts, a confusion table.")
public final class DiffCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format {
        text,
        json
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(names = "--left", paramLabel = "TOPIC", required = true, description = "Enrichment topic of the first run.")
    private String left;

    @Option(
            names = "--right",
            paramLabel = "TOPIC",
            required = true,
            description = "Enrichment topic of the second run.")
    private String right;

    @Option(names = "--all", description = "List every compared record, not only the changed ones.")
    private boolean all;

    @Option(
            names = "--min-shift",
            paramLabel = "DELTA",
            defaultValue = "0.05",
            description = "A record whose category is unchanged counts as changed when its confidence moved by at "
                    + "least DELTA (default ${DEFAULT-VALUE}).")
    private double minShift;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text or json (default ${DEFAULT-VALUE}).")
    private Format format;

    @Override
    public Integer call() {
        Map<String, EnrichedRecord> leftRecords;
        Map<String, EnrichedRecord> rightRecords;
        try (TopicScan scan = new TopicScan(
                cluster.clientConfig(), new ScanReporter(spec.commandLine().getErr()))) {
            leftRecords = latest(scan, left);
            rightRecords = latest(scan, right);
        }
        Report report = EnrichmentDiff.compare(left, leftRecords, right, rightRecords, minShift);
        List<RecordComparison> shown = all
                ? report.records()
                : report.records().stream().filter(c -> c.changed(minShift)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            printJson(out, report, shown);
        } else {
            printText(out, report, shown);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static Map<String, EnrichedRecord> latest(TopicScan scan, String topicName) {
        Map<String, EnrichedRecord> records = new LinkedHashMap<>();
        scan.latestByKey(new Topic<>(topicName, Serdes::String, EnrichedRecord.class))
                .forEach((id, entry) -> records.put(id, entry.value()));
        return records;
    }

    private void printText(PrintWriter out, Report report, List<RecordComparison> shown) {
        TextTable records = new TextTable("RECORD ID", "LEFT", "RIGHT", "LEFT CONF", "RIGHT CONF", "SHIFT", "CHANGE");
        for (RecordComparison c : shown) {
            records.row(
                    c.recordId(),
                    c.leftCode(),
                    c.rightCode(),
                    fixed(c.leftConfidence()),
                    fixed(c.rightConfidence()),
                    String.format(Locale.ROOT, "%+.3f", c.confidenceShift()),
                    c.categoryChanged() ? "category" : c.changed(minShift) ? "confidence" : "none");
        }
        out.println((all ? "All compared records" : "Changed records") + " (left " + report.left() + ", right "
                + report.right() + "):");
        records.print(out);
        EnrichmentDiff.Summary s = report.summary();
        out.println();
        out.println("Summary: " + s.compared() + " record(s) compared, " + s.onlyLeft() + " only in " + report.left()
                + ", " + s.onlyRight() + " only in " + report.right() + ", agreement "
                + String.format(Locale.ROOT, "%.1f%%", s.agreementPercent()) + " (" + s.sameCategory() + "/"
                + s.compared() + "), mean |Δconfidence| "
                + String.format(Locale.ROOT, "%.3f", s.meanAbsConfidenceShift())
                + ", " + s.changed() + " changed");
        out.println();
        out.println("Confusion table (rows: " + report.left() + ", columns: " + report.right() + "):");
        confusionTable(report.confusion()).print(out);
    }

    /** Rows are left codes, columns right codes; codes that appear on either side get both a row and a column. */
    static TextTable confusionTable(Map<String, Map<String, Long>> confusion) {
        TreeSet<String> codes = new TreeSet<>(confusion.keySet());
        confusion.values().forEach(row -> codes.addAll(row.keySet()));
        List<String> header = new ArrayList<>();
        header.add("LEFT \\ RIGHT");
        header.addAll(codes);
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (String leftCode : codes) {
            List<Object> row = new ArrayList<>();
            row.add(leftCode);
            Map<String, Long> counts = confusion.getOrDefault(leftCode, Map.of());
            codes.forEach(rightCode -> row.add(counts.getOrDefault(rightCode, 0L)));
            table.row(row.toArray());
        }
        return table;
    }

    private static void printJson(PrintWriter out, Report report, List<RecordComparison> shown) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("left", report.left());
        json.put("right", report.right());
        json.put("summary", report.summary());
        json.put(
                "records",
                shown.stream()
                        .map(c -> {
                            Map<String, Object> r = new LinkedHashMap<>();
                            r.put("recordId", c.recordId());
                            r.put("leftCode", c.leftCode());
                            r.put("rightCode", c.rightCode());
                            r.put("leftConfidence", c.leftConfidence());
                            r.put("rightConfidence", c.rightConfidence());
                            r.put("confidenceShift", c.confidenceShift());
                            r.put("categoryChanged", c.categoryChanged());
                            r.put("leftModel", c.leftModel());
                            r.put("rightModel", c.rightModel());
                            return r;
                        })
                        .toList());
        json.put("onlyLeft", report.onlyLeftIds());
        json.put("onlyRight", report.onlyRightIds());
        json.put("confusion", report.confusion());
        try {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render the diff as JSON", e);
        }
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}

package io.recordflow.app.metrics;

import io.recordflow.enrich.metrics.EnrichMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Writes metrics in the Prometheus text exposition format 0.0.4: Kafka client and Streams metrics under
 * {@code kafka_streams_<group>_<name>} (numeric values only) and RecordFlow's own {@code recordflow_*} families.
 */
public final class PrometheusText {

    /** The Content-Type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    static final String KAFKA_PREFIX = "kafka_streams_";
    static final String TOPIC_METRICS_GROUP = "stream-topic-metrics";

    private final Map<String, Family> families = new TreeMap<>();

    /** Adds every numeric Kafka metric, named {@code kafka_streams_<group>_<name>} with its tags as labels. */
    public PrometheusText kafka(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Double> producedPerTopic = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            Object value = metric.metricValue();
            if (!(value instanceof Number number)) {
                return;
            }
            String family =
                    KAFKA_PREFIX + sanitize(stripSuffix(name.group(), "-metrics")) + "_" + sanitize(name.name());
            String type = name.name().endsWith("-total") ? "counter" : "gauge";
            family(family, type, name.description()).add(labels(name.tags()), number.doubleValue());
            if (TOPIC_METRICS_GROUP.equals(name.group())
                    && "records-produced-total".equals(name.name())
                    && name.tags().containsKey("topic")) {
                producedPerTopic.merge(name.tags().get("topic"), number.doubleValue(), Double::sum);
            }
        });
        producedPerTopic.forEach((topic, count) -> family(
                        "recordflow_records_produced_total",
                        "counter",
                        "Records the enrich topology wrote per output topic (enriched, review, dlq, audit), from Kafka "
                                + "Streams' topic metrics; includes sends of transactions that were later aborted.")
                .add(Map.of("topic", topic), count));
        return this;
    }

    /** Adds the enrich stage's model-call metrics and the model in use. */
    public PrometheusText enrich(EnrichMetrics.Snapshot snapshot, String provider, String model) {
        family(
                        "recordflow_llm_in_flight_calls",
                        "gauge",
                        "Requests to the model server running now (a record that fits the context takes one, longer "
                                + "ones one per map-reduce chunk, a repair one more; the offline model sends none).")
                .add(Map.of(), snapshot.inFlight());
        family(
                        "recordflow_llm_concurrency_limit",
                        "gauge",
                        "Model calls the enrich instance admits at once now: the adaptive limit learned from the "
                                + "server's latency and refusals, or enrich.concurrency x tasks with the fixed strategy.")
                .add(Map.of(), snapshot.concurrencyLimit());
        Family calls = family(
                "recordflow_llm_calls_total",
                "counter",
                "Finished requests to the model server by outcome: ok (answered), retry (transient failure, the "
                        + "record is retried with backoff), failed (permanent failure).");
        for (EnrichMetrics.Outcome outcome : EnrichMetrics.Outcome.values()) {
            calls.add(Map.of("outcome", outcome.label()), snapshot.calls(outcome));
        }
        Family seconds = family(
                "recordflow_llm_call_seconds", "histogram", "Duration of requests to the model server in seconds.");
        long[] buckets = snapshot.cumulativeBuckets();
        for (int i = 0; i < buckets.length; i++) {
            String le = i < EnrichMetrics.DURATION_BUCKETS.length ? number(EnrichMetrics.DURATION_BUCKETS[i]) : "+Inf";
            seconds.add("_bucket", Map.of("le", le), buckets[i]);
        }
        seconds.add("_sum", Map.of(), snapshot.durationSecondsSum());
        seconds.add("_count", Map.of(), snapshot.finishedCalls());
        family("recordflow_llm_info", "gauge", "The model serving the enrich stage (value is always 1).")
                .add(Map.of("provider", provider, "model", model), 1);
        return this;
    }

    /** The exposition: families sorted by name, each with its HELP and TYPE lines. */
    public String render() {
        StringBuilder out = new StringBuilder();
        families.forEach((name, family) -> {
            out.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(escapeHelp(family.help))
                    .append('\n');
            out.append("# TYPE ").append(name).append(' ').append(family.type).append('\n');
            for (Sample sample : family.samples) {
                out.append(name).append(sample.suffix);
                if (!sample.labels.isEmpty()) {
                    List<String> pairs = new ArrayList<>();
                    sample.labels.forEach((k, v) -> pairs.add(k + "=\"" + escapeLabel(v) + "\""));
                    out.append('{').append(String.join(",", pairs)).append('}');
                }
                out.append(' ').append(number(sample.value)).append('\n');
            }
        });
        return out.toString();
    }

    private Family family(String name, String type, String help) {
        return families.computeIfAbsent(name, n -> new Family(type, help == null || help.isBlank() ? n : help));
    }

    /** Kafka tags as labels: {@code thread-id} becomes {@code thread}, {@code task-id} {@code task}, others sanitised. */
    static Map<String, String> labels(Map<String, String> tags) {
        Map<String, String> labels = new TreeMap<>();
        tags.forEach((key, value) -> labels.putIfAbsent(sanitize(stripSuffix(key, "-id")), value));
        return labels;
    }

    /** A valid Prometheus metric or label name: lower case, [a-z0-9_], not starting with a digit. */
    static String sanitize(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_").replaceAll("_+", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String stripSuffix(String s, String suffix) {
        return s.endsWith(suffix) && s.length() > suffix.length() ? s.substring(0, s.length() - suffix.length()) : s;
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private record Sample(String suffix, Map<String, String> labels, double value) {}

    private static final class Family {
        private final String type;
        private final String help;
        private final List<Sample> samples = new ArrayList<>();

        Family(String type, String help) {
            this.type = type;
            this.help = help;
        }

        void add(Map<String, String> labels, double value) {
            add("", labels, value);
        }

        void add(String suffix, Map<String, String> labels, double value) {
            samples.add(new Sample(suffix, new LinkedHashMap<>(new TreeMap<>(labels)), value));
        }
    }
}

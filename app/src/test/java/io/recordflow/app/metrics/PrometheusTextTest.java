package io.recordflow.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.enrich.metrics.EnrichMetrics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void shouldNameKafkaStreamsMetricsByGroupAndNameWithThreadAndTaskLabels() {
        try (Metrics metrics = new Metrics()) {
            Sensor sensor = metrics.sensor("process");
            MetricName total = metrics.metricName(
                    "process-total",
                    "stream-task-metrics",
                    "The total processed",
                    Map.of("thread-id", "app-StreamThread-1", "task-id", "0_1"));
            sensor.add(total, new CumulativeSum());
            sensor.record(3);
            sensor.record(4);

            String text = new PrometheusText().kafka(metrics.metrics()).render();

            assertThat(text)
                    .contains(
                            "# HELP kafka_streams_stream_task_process_total The total processed\n"
                                    + "# TYPE kafka_streams_stream_task_process_total counter\n"
                                    + "kafka_streams_stream_task_process_total{task=\"0_1\",thread=\"app-StreamThread-1\"} 7\n");
        }
    }

    @Test
    void shouldLeaveOutNonNumericKafkaMetricsAndEscapeLabelValues() {
        try (Metrics metrics = new Metrics()) {
            metrics.addMetric(
                    metrics.metricName("version", "app-info", "Version", Map.of()),
                    (org.apache.kafka.common.metrics.Gauge<String>) (config, now) -> "4.4.0");
            Sensor sensor = metrics.sensor("lag");
            sensor.add(
                    metrics.metricName(
                            "records-lag",
                            "consumer-fetch-manager-metrics",
                            "",
                            Map.of("topic", "a\"b\\c", "client-id", "c1")),
                    new Value());
            sensor.record(2.5);

            String text = new PrometheusText().kafka(metrics.metrics()).render();

            assertThat(text)
                    .doesNotContain("version")
                    .contains("# TYPE kafka_streams_consumer_fetch_manager_records_lag gauge\n")
                    .contains(
                            "kafka_streams_consumer_fetch_manager_records_lag{client=\"c1\",topic=\"a\\\"b\\\\c\"} 2.5\n");
        }
    }

    @Test
    void shouldSumRecordsProducedPerOutputTopicAcrossTasks() {
        try (Metrics metrics = new Metrics()) {
            for (String task : new String[] {"0_0", "0_1"}) {
                Sensor sensor = metrics.sensor("produced-" + task);
                sensor.add(
                        metrics.metricName(
                                "records-produced-total",
                                PrometheusText.TOPIC_METRICS_GROUP,
                                "",
                                Map.of(
                                        "thread-id",
                                        "t1",
                                        "task-id",
                                        task,
                                        "processor-node-id",
                                        "enriched-sink",
                                        "topic",
                                        "records.enriched.v1")),
                        new CumulativeSum());
                sensor.record(task.equals("0_0") ? 2 : 3);
            }

            String text = new PrometheusText().kafka(metrics.metrics()).render();

            assertThat(text).contains("recordflow_records_produced_total{topic=\"records.enriched.v1\"} 5\n");
        }
    }

    @Test
    void shouldExposeInFlightLlmCallsOutcomesAndADurationHistogram() {
        EnrichMetrics enrich = new EnrichMetrics();
        enrich.concurrencyLimit(() -> 24);
        enrich.callStarted();
        enrich.callStarted();
        enrich.callFinished(EnrichMetrics.Outcome.OK, TimeUnit.MILLISECONDS.toNanos(300));

        String text = new PrometheusText()
                .enrich(enrich.snapshot(), "ollama", "llama3.1:8b")
                .render();

        assertThat(text)
                .contains("# TYPE recordflow_llm_in_flight_calls gauge\nrecordflow_llm_in_flight_calls 1\n")
                .contains("# TYPE recordflow_llm_concurrency_limit gauge\nrecordflow_llm_concurrency_limit 24\n")
                .contains("recordflow_llm_calls_total{outcome=\"ok\"} 1\n")
                .contains("recordflow_llm_calls_total{outcome=\"retry\"} 0\n")
                .contains("recordflow_llm_calls_total{outcome=\"failed\"} 0\n")
                .contains("# TYPE recordflow_llm_call_seconds histogram\n")
                .contains("recordflow_llm_call_seconds_bucket{le=\"0.25\"} 0\n")
                .contains("recordflow_llm_call_seconds_bucket{le=\"0.5\"} 1\n")
                .contains("recordflow_llm_call_seconds_bucket{le=\"+Inf\"} 1\n")
                .contains("recordflow_llm_call_seconds_sum 0.3\n")
                .contains("recordflow_llm_call_seconds_count 1\n")
                .contains("recordflow_llm_info{model=\"llama3.1:8b\",provider=\"ollama\"} 1\n");
    }

    @Test
    void shouldWriteValidMetricNamesAndSpecialValues() {
        assertThat(PrometheusText.sanitize("records-lag-max")).isEqualTo("records_lag_max");
        assertThat(PrometheusText.sanitize("99th.Percentile")).isEqualTo("_99th_percentile");
        assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PrometheusText.number(12.0)).isEqualTo("12");
        assertThat(PrometheusText.number(0.125)).isEqualTo("0.125");
    }
}

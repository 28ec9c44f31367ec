package io.recordflow.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnrichMetricsProbeTest {

    @Test
    void shouldSumInFlightSamplesAcrossLabels() {
        String exposition = """
                # HELP recordflow_llm_in_flight_calls Model calls in flight
                # TYPE recordflow_llm_in_flight_calls gauge
                recordflow_llm_in_flight_calls{task="0_0"} 3
                recordflow_llm_in_flight_calls{task="0_1"} 2.0 1715000000000
                recordflow_records_enriched_total 120
                """;

        assertThat(EnrichMetricsProbe.inFlight(exposition)).hasValue(5.0);
    }

    @Test
    void shouldReadOnlyTheRecordFlowGaugeWhenKafkaProducerInFlightRequestsAreExposedToo() {
        String exposition = """
                # TYPE kafka_streams_producer_requests_in_flight gauge
                kafka_streams_producer_requests_in_flight{client="enrich-1-producer"} 7
                # TYPE recordflow_llm_in_flight_calls gauge
                recordflow_llm_in_flight_calls 2
                """;

        assertThat(EnrichMetricsProbe.inFlight(exposition)).hasValue(2.0);
    }

    @Test
    void shouldHaveNoValueWithoutAnInFlightMetric() {
        assertThat(EnrichMetricsProbe.inFlight("jvm_threads 12\n")).isEmpty();
    }

    @Test
    void shouldExplainWhyInFlightCallsAreUnavailableWhenTheServiceIsDown() {
        EnrichMetricsProbe.Result result = EnrichMetricsProbe.probe("http://127.0.0.1:1/metrics");

        assertThat(result.describe())
                .startsWith("n/a (enrich metrics at http://127.0.0.1:1/metrics not reachable: ")
                .contains("cannot connect");
    }
}

package io.recordflow.app.enrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordflow.app.metrics.MetricsServer;
import io.recordflow.app.metrics.PrometheusText;
import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.llm.ProviderInfo;
import org.apache.kafka.streams.KafkaStreams;

/** What {@code /metrics} and {@code /health} answer for an enrich Streams instance, as a service or in local mode. */
public final class EnrichEndpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EnrichEndpoints() {}

    /** Kafka Streams metrics plus the model-call metrics, in Prometheus text format. */
    public static String metrics(EnrichApp app) {
        ProviderInfo model = app.model();
        return new PrometheusText()
                .kafka(app.metrics())
                .enrich(app.modelMetrics().snapshot(), model.provider(), model.model())
                .render();
    }

    /** Healthy while the Streams state is RUNNING or REBALANCING; the JSON names the state. */
    public static MetricsServer.Health health(EnrichApp app) {
        KafkaStreams.State state = app.state();
        boolean healthy = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        ObjectNode body = JSON.createObjectNode();
        body.put("state", state.name());
        body.put("applicationId", app.applicationId());
        body.put("streamThreads", app.streamThreads());
        body.put("inFlightModelCalls", app.modelMetrics().snapshot().inFlight());
        body.put("modelCallLimit", app.modelMetrics().snapshot().concurrencyLimit());
        body.put("modelCallStrategy", app.admission().strategy());
        return new MetricsServer.Health(healthy, body.toString());
    }
}

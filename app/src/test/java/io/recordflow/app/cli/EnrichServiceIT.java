package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.RecordFlow;
import io.recordflow.app.fixtures.Seeder;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.app.status.EnrichMetricsProbe;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Modality;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnrichServiceIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Pattern METRICS_PORT = Pattern.compile("metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void createTopics() {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
    }

    @Test
    void shouldEnrichFromTheClusterAndServeMetricsAndHealthUntilStoppedCleanly() throws Exception {
        Path config = dir.resolve("enrich.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "bootstrap.servers=" + KAFKA.bootstrapServers(),
                        "schema.registry.url=" + REGISTRY.url(),
                        "application.id=recordflow-enrich-it",
                        "state.dir=" + dir.resolve("state"),
                        "enrich.provider=local",
                        "enrich.api.key=never-printed-secret",
                        "enrich.punctuate.interval.ms=50",
                        ""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = RecordFlow.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread service = new Thread(
                () -> exitCode.set(cmd.execute("enrich", "--config", config.toString(), "--metrics-port", "0")),
                "enrich-service-under-test");
        service.start();

        int port = await().atMost(Duration.ofSeconds(60))
                .until(() -> metricsPort(out.toString()), Optional::isPresent)
                .orElseThrow();
        String base = "http://127.0.0.1:" + port;

        AgencyRecord record = record(
                "rec-svc-1",
                "Travel voucher and reimbursement claim for the regional conference, "
                        + "with receipts for lodging and airfare.");
        try (Seeder seeder = new Seeder(KAFKA.bootstrapServers(), REGISTRY.serdeConfig())) {
            seeder.send(Topics.INGESTED, record.getRecordId(), record);
        }
        TopicContents topics = new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url());
        List<EnrichedRecord> enriched = await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> topics.values(Topics.ENRICHED), list -> !list.isEmpty());
        assertThat(enriched).extracting(EnrichedRecord::getRecordId).containsExactly("rec-svc-1");
        assertThat(enriched.get(0).getProvenance().getProvider()).isEqualTo("local");

        HttpResponse<String> metrics = get(base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body())
                .contains("# TYPE recordflow_llm_in_flight_calls gauge\n")
                .containsPattern("(?m)^recordflow_llm_in_flight_calls 0$")
                .containsPattern("(?m)^recordflow_llm_concurrency_limit [1-9][0-9]*$")
                // The offline model sends no request to a model server: none is counted.
                .containsPattern("(?m)^recordflow_llm_call_seconds_count 0$")
                .containsPattern("(?m)^recordflow_records_produced_total\\{topic=\"records.enriched.v1\"\\} [1-9]")
                .containsPattern("(?m)^kafka_streams_stream_thread_[a-z_]+\\{.*thread=\"[^\"]+\".*\\} \\S+$")
                .containsPattern("(?m)^kafka_streams_[a-z_]+\\{.*task=\"\\d+_\\d+\".*\\} \\S+$");
        assertThat(sample(metrics.body(), "recordflow_llm_calls_total{outcome=\"ok\"}"))
                .isZero();
        EnrichMetricsProbe.Result probe = EnrichMetricsProbe.probe(base + "/metrics");
        assertThat(probe.inFlight())
                .as("what 'recordflow status' reads: %s", probe.reason())
                .hasValue(0);
        assertThat(probe.concurrencyLimit()).as(probe.reason()).isPresent();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> health = get(base + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body())
                    .contains("\"state\":\"RUNNING\"")
                    .contains("\"applicationId\":\"recordflow-enrich-it\"");
        });
        assertThat(get(base + "/nothing-here").statusCode()).isEqualTo(404);

        long stopAt = System.nanoTime();
        service.interrupt();
        service.join(Duration.ofSeconds(10).toMillis());
        assertThat(service.isAlive())
                .as("service thread still running 10 s after the stop")
                .isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(10));
        assertThat(exitCode.get()).as("exit code; stderr: %s", err).isEqualTo(ExitCode.OK);
        assertThat(out.toString() + err).doesNotContain("never-printed-secret");
        assertThat(portAnswers(port)).as("metrics port closed after stop").isFalse();
    }

    private static Optional<Integer> metricsPort(String output) {
        Matcher m = METRICS_PORT.matcher(output);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private static double sample(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + series + " in\n" + exposition);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean portAnswers(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static AgencyRecord record(String id, String text) throws Exception {
        String sha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        return AgencyRecord.newBuilder()
                .setRecordId(id)
                .setSourceUri("file:///inbox/" + id + ".txt")
                .setTitle("Travel voucher")
                .setFileName(id + ".txt")
                .setIngestedAt(Instant.now())
                .setModality(Modality.DOCUMENT)
                .setMediaType("text/plain")
                .setSizeBytes(text.length())
                .setSha256(sha)
                .setContentUri("file:///blobs/" + sha)
                .setText(text)
                .build();
    }
}

package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordflow.enrich.analysis.ImageLoader;
import io.recordflow.enrich.analysis.LlmAnalyzer;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.llm.ollama.OllamaProvider;
import io.recordflow.enrich.metrics.EnrichMetrics;
import io.recordflow.enrich.metrics.MeteredAnalyzer;
import io.recordflow.enrich.summarize.TokenBudget;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.enrich.testing.RuleBasedModel;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Modality;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many requests one record costs, counted where it matters, at an Ollama-protocol server: a text that fits
 * num_ctx takes one schema-constrained request for classification, flags and summary; a longer one a request per
 * map-reduce chunk, one to reduce and one to classify; an invalid answer one more for the repair. The record's
 * provenance and the call metrics must say what the server saw.
 */
class ModelCallCountTest {
    private static final Taxonomy TAXONOMY = TaxonomyLoader.loadDefault();
    private static final int NUM_CTX = 4096;
    /** Documents holding this marker get an answer without summary and with an unknown category at first. */
    private static final String INVALID_FIRST = "ANSWER-BADLY-FIRST";
    /** Documents holding this marker get answers that classify but never summarise. */
    private static final String NO_SUMMARY = "NEVER-SUMMARISED";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://calls-" + UUID.randomUUID());
    private final EnrichMetrics metrics = new EnrichMetrics();

    @TempDir
    Path stateDir;

    private FakeOllamaServer server;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, EnrichedRecord> enriched;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOllamaServer("llama3.1:8b", NUM_CTX, request -> {
            try {
                return answer(request);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Map<String, Object> settings = new HashMap<>(Map.of(
                EnrichConfig.PROVIDER,
                "ollama",
                EnrichConfig.MODEL,
                "llama3.1:8b",
                EnrichConfig.BASE_URL,
                server.baseUrl(),
                EnrichConfig.NUM_CTX,
                NUM_CTX,
                EnrichConfig.TIMEOUT_MS,
                5_000L,
                EnrichConfig.PUNCTUATE_MS,
                50L,
                EnrichConfig.REPAIR_ATTEMPTS,
                2));
        EnrichConfig config = new EnrichConfig(settings, Map.of());
        var analyzer = new MeteredAnalyzer(
                new LlmAnalyzer(
                        new OllamaProvider(config), TAXONOMY, NUM_CTX, config.repairAttempts(), ImageLoader.disabled()),
                metrics);
        Properties props = EnrichTopology.streamsProperties("calls-test", "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(EnrichTopology.build(config, TAXONOMY, analyzer, serdeConfig), props);
        input = driver.createInputTopic(
                Topics.INGESTED.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        enriched = driver.createOutputTopic(
                Topics.ENRICHED.name(),
                Serdes.String().deserializer(),
                Topics.ENRICHED.valueSerde(serdeConfig).deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        server.close();
    }

    /** The rule-based model, answering about the document (the first user message), badly at first for the marker. */
    private static String answer(JsonNode request) throws IOException {
        String document = FakeOllamaServer.firstUserMessage(request);
        if (document.contains(INVALID_FIRST) && !FakeOllamaServer.isRepair(request)) {
            return "{\"category\":\"Contracts\",\"confidence\":0.9}";
        }
        String answer = RuleBasedModel.answer(FakeOllamaServer.isClassification(request), document);
        if (document.contains(NO_SUMMARY) && FakeOllamaServer.isClassification(request)) {
            ObjectNode node = (ObjectNode) JSON.readTree(answer);
            node.remove(List.of("summary", "keywords", "language"));
            return node.toString();
        }
        return answer;
    }

    @Test
    void shouldAnalyseADocumentThatFitsWithOneSchemaConstrainedRequest() {
        EnrichedRecord result = enrichOne(record("r-short", "Invoice 17 for office chairs, due in 30 days."));

        assertThat(server.violations()).isEmpty();
        assertThat(server.chatCalls()).isEqualTo(1);
        JsonNode format = server.requests().get(0).path("format");
        assertThat(format.path("properties").fieldNames())
                .toIterable()
                .contains("category", "confidence", "cui", "foiaExemptions", "injectionSuspected", "summary");
        assertThat(format.path("required")).extracting(JsonNode::asText).contains("category", "summary");
        assertThat(result.getClassification().getCode()).isEqualTo("GRS-1.1-010");
        assertThat(result.getSummary()).startsWith("The record concerns: Invoice 17");
        assertThat(result.getProvenance().getModelCalls()).isEqualTo(server.chatCalls());
        assertThat(metrics.snapshot().calls(EnrichMetrics.Outcome.OK)).isEqualTo(server.chatCalls());
    }

    @Test
    void shouldSendARequestPerChunkOneToReduceAndOneToClassifyForALongDocument() {
        String text = "Security incident report on a phishing campaign. "
                + "The SOC reviewed the mail gateway logs and quarantined the messages. ".repeat(300);
        assertThat(new TokenBudget(NUM_CTX).fits(text)).isFalse();

        EnrichedRecord result = enrichOne(record("r-long", text));

        int chunks = Integer.parseInt(result.getProvenance().getParameters().get("summary_chunks"));
        assertThat(chunks).isGreaterThan(1);
        assertThat(server.violations()).isEmpty();
        assertThat(server.chatCalls()).isEqualTo(chunks + 1 + 1);
        assertThat(result.getProvenance().getChunked()).isTrue();
        assertThat(result.getClassification().getCode()).isEqualTo("GRS-3.2-020");
        assertThat(result.getProvenance().getModelCalls()).isEqualTo(server.chatCalls());
        assertThat(metrics.snapshot().finishedCalls()).isEqualTo(server.chatCalls());
    }

    @Test
    void shouldCountTheRepairOfAnInvalidAnswerAsASecondRequest() {
        EnrichedRecord result = enrichOne(record("r-repair", "Budget request for fiscal year 2026. " + INVALID_FIRST));

        assertThat(server.chatCalls()).isEqualTo(2);
        assertThat(server.requests().get(1).path("messages").get(2).path("role").asText())
                .isEqualTo("assistant");
        assertThat(result.getClassification().getCode()).isEqualTo("GRS-1.3-010");
        assertThat(result.getSummary()).startsWith("The record concerns: Budget request");
        assertThat(result.getProvenance().getParameters()).containsEntry("repair_attempts", "1");
        assertThat(result.getProvenance().getModelCalls()).isEqualTo(server.chatCalls());
        assertThat(metrics.snapshot().calls(EnrichMetrics.Outcome.OK)).isEqualTo(server.chatCalls());
    }

    @Test
    void shouldKeepTheClassificationAndAskForTheSummaryAloneWhenNoAnswerHoldsOne() {
        EnrichedRecord result = enrichOne(record("r-nosummary", "Invoice 18 for desks. " + NO_SUMMARY));

        // The one-call request and its two repairs, then a summary request of its own.
        assertThat(server.chatCalls()).isEqualTo(1 + 2 + 1);
        assertThat(server.requests().get(3).path("format").path("properties").has("category"))
                .isFalse();
        assertThat(result.getClassification().getCode()).isEqualTo("GRS-1.1-010");
        assertThat(result.getSummary()).startsWith("The record concerns: Invoice 18");
        assertThat(result.getProvenance().getModelCalls()).isEqualTo(server.chatCalls());
    }

    @Test
    void shouldRecordNoRequestForAnAnalysisServedFromTheCache() {
        String text = "Personnel action: promotion of an analyst to GS-13.";
        EnrichedRecord first = enrichOne(record("r-first", text));
        int callsAfterFirst = server.chatCalls();

        EnrichedRecord second = enrichOne(record("r-second", text));

        assertThat(first.getProvenance().getModelCalls()).isEqualTo(1);
        assertThat(second.getProvenance().getCacheHit()).isTrue();
        assertThat(second.getProvenance().getModelCalls()).isZero();
        assertThat(server.chatCalls()).isEqualTo(callsAfterFirst);
    }

    private EnrichedRecord enrichOne(AgencyRecord record) {
        input.pipeInput(
                record.getRecordId(),
                Topics.INGESTED.valueSerde(serdeConfig).serializer().serialize(Topics.INGESTED.name(), record));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    driver.advanceWallClockTime(Duration.ofMillis(100));
                    return !enriched.isEmpty();
                });
        return enriched.readValue();
    }

    private static AgencyRecord record(String id, String text) {
        return AgencyRecord.newBuilder()
                .setRecordId(id)
                .setSourceUri("file:///inbox/" + id + ".txt")
                .setIngestedAt(Instant.parse("2024-06-01T00:00:00Z"))
                .setModality(Modality.DOCUMENT)
                .setMediaType("text/plain")
                .setFileName(id + ".txt")
                .setSizeBytes(text.length())
                .setSha256(PromptHash.sha256(text))
                .setContentUri("file:///blobs/" + id)
                .setText(text)
                .setTextLength(text.length())
                .build();
    }
}

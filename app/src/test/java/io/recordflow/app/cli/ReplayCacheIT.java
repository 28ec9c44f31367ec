package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.fixtures.Cli;
import io.recordflow.app.fixtures.Seeder;
import io.recordflow.app.fixtures.TextRecords;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.testing.RuleBasedModel;
import io.recordflow.records.AnalysisCacheEntry;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code recordflow replay} with an unchanged model, prompt and taxonomy is answered from the shared analysis cache:
 * no chat request reaches the Ollama-protocol server (counted by the server) and every replayed enrichment says
 * {@code cacheHit}.
 */
class ReplayCacheIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final String MODEL = "llama3.1:8b";
    /** enrich.num.ctx's default, which the server checks every request for. */
    private static final int NUM_CTX = 8192;

    private static final Map<String, String> TEXTS = new LinkedHashMap<>();

    static {
        TEXTS.put("rc-1", "Invoice 4471 for the purchase of office furniture; payment due within 30 days.");
        TEXTS.put("rc-2", "Personnel action: promotion of an analyst to GS-13 effective next pay period.");
        TEXTS.put("rc-3", "Incident report: phishing e-mail reported by staff; credentials were reset.");
        TEXTS.put("rc-4", "Budget request for fiscal year 2027 with justification of the requested funds.");
        TEXTS.put("rc-5", "Minutes of the weekly staff meeting about the office move.");
    }

    private static FakeOllamaServer ollama;
    private static TopicContents topics;

    @BeforeAll
    static void seed() throws Exception {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
        ollama = new FakeOllamaServer(
                MODEL,
                NUM_CTX,
                r -> RuleBasedModel.answer(FakeOllamaServer.isClassification(r), FakeOllamaServer.lastUserMessage(r)));
        topics = new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url());
        try (Seeder seeder = new Seeder(KAFKA.bootstrapServers(), REGISTRY.serdeConfig())) {
            TEXTS.forEach((id, text) -> seeder.send(Topics.INGESTED, id, TextRecords.of(id, text)));
        }
    }

    @AfterAll
    static void stopServer() {
        ollama.close();
    }

    private static Cli replay(String applicationId) {
        String[] args = {
            "replay",
            "--from",
            "earliest",
            "--provider",
            "ollama",
            "--model",
            MODEL,
            "--base-url",
            ollama.baseUrl(),
            "--application-id",
            applicationId
        };
        Cli result = Cli.onCluster(KAFKA.bootstrapServers(), REGISTRY.url(), args);
        System.out.println("$ recordflow " + String.join(" ", args) + "\n" + result);
        return result;
    }

    @Test
    void shouldReplayWithoutAnyModelCallWhenModelPromptAndTaxonomyAreUnchanged() {
        Cli first = replay("recordflow-replay-cache-it-first");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        int callsOfTheFirst = ollama.chatCalls();
        assertThat(callsOfTheFirst).as("the first replay asks the model").isGreaterThanOrEqualTo(TEXTS.size());
        assertThat(topics.values(Topics.ANALYSIS_CACHE))
                .extracting(AnalysisCacheEntry::getContentSha256)
                .hasSize(TEXTS.size());
        int enrichedBefore = topics.values(Topics.ENRICHED).size();

        Cli second = replay("recordflow-replay-cache-it-second");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(ollama.chatCalls()).as("chat requests the server saw").isEqualTo(callsOfTheFirst);
        assertThat(second.out())
                .contains("Replayed 5 record(s)", "5 enriched to records.enriched.v1", "0 model call(s)");
        List<EnrichedRecord> all = topics.values(Topics.ENRICHED);
        assertThat(all).hasSize(enrichedBefore + TEXTS.size());
        // Every key lives on one partition, so the last value read per key is its latest enrichment.
        Map<String, EnrichedRecord> latest = new LinkedHashMap<>();
        all.forEach(r -> latest.put(r.getRecordId(), r));
        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(TEXTS.keySet());
        assertThat(latest.values()).allSatisfy(r -> {
            assertThat(r.getProvenance().getCacheHit()).isTrue();
            assertThat(r.getProvenance().getProvider()).isEqualTo("ollama");
            assertThat(r.getProvenance().getModelDigest()).isEqualTo("sha256:" + FakeOllamaServer.DIGEST);
        });
        assertThat(topics.values(Topics.ANALYSIS_CACHE))
                .as("hits write nothing new")
                .hasSize(TEXTS.size());
    }
}

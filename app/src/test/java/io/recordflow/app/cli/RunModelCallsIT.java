package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recordflow.app.fixtures.JarRun;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.ollama.FakeOllamaServer;
import io.recordflow.enrich.summarize.TokenBudget;
import io.recordflow.enrich.testing.RuleBasedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recordflow run --provider ollama} from the packaged jar against an Ollama-protocol server in this JVM: the
 * run summary's "model call(s)" is the number of requests the server received, repairs, map-reduce chunks and a failed
 * request included, not the number of records.
 */
class RunModelCallsIT {

    private static final String MODEL = "llama3.1:8b";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    /** A document holding this marker gets an invalid first answer, so its analysis needs a repair request. */
    private static final String INVALID_FIRST = "ANSWER-BADLY-FIRST";

    @TempDir
    Path work;

    private static String answer(JsonNode request) {
        String document = FakeOllamaServer.firstUserMessage(request);
        if (document.contains(INVALID_FIRST) && !FakeOllamaServer.isRepair(request)) {
            return "{\"category\":\"not-a-code\",\"confidence\":0.9}";
        }
        return RuleBasedModel.answer(FakeOllamaServer.isClassification(request), document);
    }

    @Test
    void shouldPrintTheNumberOfRequestsTheModelServerAnswered() throws Exception {
        int numCtx = new EnrichConfig(Map.of(), Map.of()).numCtx();
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Files.writeString(inbox.resolve("invoice.txt"), "Invoice 17 for office chairs, due in 30 days.");
        Files.writeString(inbox.resolve("foia.txt"), "FOIA request for all contracts signed in 2025.");
        Files.writeString(inbox.resolve("budget.txt"), "Budget request for fiscal year 2026. " + INVALID_FIRST);
        String longText = "Security incident report on a phishing campaign. "
                + "The SOC reviewed the mail gateway logs and quarantined the messages. ".repeat(900);
        assertThat(new TokenBudget(numCtx).fits(longText)).isFalse();
        Files.writeString(inbox.resolve("incident.txt"), longText);

        try (FakeOllamaServer ollama = new FakeOllamaServer(MODEL, numCtx, RunModelCallsIT::answer)) {
            // The first request fails transiently: the server counted it, and the record's analysis is retried.
            ollama.enqueue(new FakeOllamaServer.Status(500, "{\"error\":\"model runner restarting\"}"));
            JarRun run = JarRun.start(
                            work,
                            "run",
                            "run",
                            "--provider",
                            "ollama",
                            "--base-url",
                            ollama.baseUrl(),
                            "--model",
                            MODEL,
                            "--data-dir",
                            work.resolve("recordflow-data").toString(),
                            inbox.toString())
                    .finish(RUN_TIMEOUT);

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(ollama.violations())
                    .as("requests the fake server refused")
                    .isEmpty();
            // Invoice and FOIA one request each, the budget one and its repair, the long text at least 3 chunks, a
            // reduce and a classification, and the failed one: never one per record.
            assertThat(ollama.chatCalls()).isGreaterThanOrEqualTo(1 + 1 + 2 + 3 + 1 + 1 + 1);
            assertThat(run.stdout())
                    .contains("4 enriched by this run: " + ollama.chatCalls()
                            + " model call(s), 0 answered from the cache");
        }
    }
}

package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.recordflow.app.RecordFlow;
import io.recordflow.enrich.config.EnrichConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The model options shared by run, replay and enrich, against a server answering Ollama's {@code /api/tags}. */
class ModelOptionsTest {

    private HttpServer ollama;
    private String ollamaHost;

    @BeforeEach
    void startOllamaWithTheDefaultModel() throws IOException {
        ollama = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ollama.createContext("/api/tags", exchange -> {
            byte[] body = ("{\"models\":[{\"name\":\"" + EnrichConfig.DEFAULT_MODEL + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        ollama.start();
        // Without a scheme, as Ollama's own CLI accepts it.
        ollamaHost = "127.0.0.1:" + ollama.getAddress().getPort();
    }

    @AfterEach
    void stopOllama() {
        ollama.stop(0);
    }

    /** The model options of {@code recordflow <args>} as picocli parsed them. */
    private static ModelOptions options(String... args) {
        CommandLine.ParseResult parsed = RecordFlow.commandLine().parseArgs(args);
        return (ModelOptions)
                parsed.subcommand().commandSpec().mixins().get("modelOptions").userObject();
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "replay --from earliest", "enrich"})
    void shouldUseOllamaAtOllamaHostByDefaultWhenItHasTheDefaultModel(String command) {
        ModelOptions.Resolved resolved =
                options(command.split(" ")).resolve(Map.of(), Map.of(EnrichConfig.OLLAMA_HOST_ENV, ollamaHost));

        assertThat(resolved.choice().provider()).isEqualTo(ModelChoice.OLLAMA);
        assertThat(resolved.settings())
                .containsEntry(EnrichConfig.PROVIDER, "ollama")
                .containsEntry(EnrichConfig.MODEL, EnrichConfig.DEFAULT_MODEL)
                .containsEntry(EnrichConfig.BASE_URL, "http://" + ollamaHost);
    }

    @Test
    void replayWithoutProviderShouldReEnrichWithTheLlamaTheClusterWasEnrichedWithNotTheOfflineModel() {
        ModelOptions.Resolved resolved = options("replay", "--from", "earliest", "--prompt-version", "v2")
                .resolve(Map.of(), Map.of(EnrichConfig.OLLAMA_HOST_ENV, ollamaHost));

        EnrichConfig config = new EnrichConfig(resolved.settings(), Map.of());
        assertThat(config.provider()).isEqualTo("ollama");
        assertThat(config.model()).isEqualTo(EnrichConfig.DEFAULT_MODEL);
        assertThat(config.baseUrl()).isEqualTo("http://" + ollamaHost);
        assertThat(config.promptVersion("analyzer's own")).isEqualTo("v2");
    }

    @Test
    void shouldFallBackToTheOfflineModelAndDropTheVisionModelOnlyOllamaServes() {
        ModelOptions.Resolved resolved = options("run", "--model", "llama3.2:3b", "--vision-model", "llama3.2-vision")
                .resolve(Map.of(), Map.of(EnrichConfig.OLLAMA_HOST_ENV, ollamaHost));

        assertThat(resolved.choice().isLocal()).isTrue();
        assertThat(resolved.choice().reason())
                .contains("has not pulled llama3.2:3b", "vision model llama3.2-vision not used");
        assertThat(resolved.choice().announcement()).startsWith("*** Using the in-process OFFLINE model");
        assertThat(new EnrichConfig(resolved.settings(), Map.of()).provider()).isEqualTo("local");
    }

    @Test
    void shouldLetOptionsWinOverTheSettingsOfTheCommandsOtherSources() {
        Map<String, String> fromFile = Map.of(
                EnrichConfig.PROVIDER, "openai-compatible", EnrichConfig.MODEL, "qwen", "num.stream.threads", "2");

        ModelOptions.Resolved resolved = options(
                        "enrich", "--provider", "ollama", "--model", "llama3.2:3b", "--set", "enrich.num.ctx=16384")
                .resolve(fromFile, Map.of());

        assertThat(resolved.settings())
                .containsEntry(EnrichConfig.PROVIDER, "ollama")
                .containsEntry(EnrichConfig.MODEL, "llama3.2:3b")
                .containsEntry(EnrichConfig.NUM_CTX, "16384")
                .containsEntry("num.stream.threads", "2");
        assertThat(resolved.choice().reason()).isEqualTo("--provider ollama");
    }

    @Test
    void shouldTakeTheProviderOfTheOtherSourcesWithoutProbing() {
        ModelOptions.Resolved resolved = options("enrich").resolve(Map.of(EnrichConfig.PROVIDER, "local"), Map.of());

        assertThat(resolved.choice().isLocal()).isTrue();
        assertThat(resolved.choice().reason()).isEqualTo("enrich.provider=local");
    }

    @Test
    void shouldRefuseASetThatIsNoEnrichSetting() {
        assertThatThrownBy(() -> options("replay", "--from", "earliest", "--set", "enrich.modle=llama3.2:3b")
                        .resolve(Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("enrich.modle");
    }
}

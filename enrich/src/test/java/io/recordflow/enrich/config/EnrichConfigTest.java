package io.recordflow.enrich.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.enrich.topology.PendingEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichConfigTest {

    @Test
    void shouldDefaultToOfflineLocalProvider() {
        EnrichConfig config = new EnrichConfig(Map.of(), Map.of());

        assertThat(config.provider()).isEqualTo("local");
        assertThat(config.model()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(config.numCtx()).isEqualTo(8192);
        assertThat(config.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.taxonomy().codes()).contains("GRS-1.1-010");
    }

    @Test
    void shouldConfineToNoBlobRootByDefaultAndToEveryListedOne() {
        assertThat(new EnrichConfig(Map.of(), Map.of()).blobRoots().isEmpty()).isTrue();
        assertThat(new EnrichConfig(Map.of(EnrichConfig.BLOB_ROOTS, "/data/blobs, /mnt/old-blobs"), Map.of())
                        .blobRoots()
                        .roots())
                .containsExactly(Path.of("/data/blobs"), Path.of("/mnt/old-blobs"));
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.BLOB_ROOTS, "/data/blobs,,"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EnrichConfig.BLOB_ROOTS);
    }

    @Test
    void shouldHonourOllamaHostWhenNoBaseUrlIsSet() {
        Map<String, String> env = Map.of("OLLAMA_HOST", "gpu-box:11434");

        assertThat(new EnrichConfig(Map.of(EnrichConfig.PROVIDER, "ollama"), env).baseUrl())
                .isEqualTo("http://gpu-box:11434");
        assertThat(new EnrichConfig(
                                Map.of(
                                        EnrichConfig.PROVIDER,
                                        "ollama",
                                        EnrichConfig.BASE_URL,
                                        "https://llm.agency.gov"),
                                env)
                        .baseUrl())
                .isEqualTo("https://llm.agency.gov");
        assertThat(new EnrichConfig(Map.of(EnrichConfig.PROVIDER, "ollama"), Map.of()).baseUrl())
                .isEqualTo(EnrichConfig.DEFAULT_OLLAMA_URL);
        assertThat(new EnrichConfig(Map.of(EnrichConfig.PROVIDER, "ollama"), Map.of()).model())
                .isEqualTo("llama3.1:8b");
    }

    @Test
    void shouldRejectInconsistentSettingsNamingTheKey() {
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.PROVIDER, "openai-compatible"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EnrichConfig.BASE_URL);
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.VISION_MODEL, "llama3.2-vision"), Map.of()))
                .hasMessageContaining(EnrichConfig.VISION_MODEL);
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.PROVIDER, "gpt"), Map.of()))
                .hasMessageContaining(EnrichConfig.PROVIDER);
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.NUM_CTX, 100), Map.of()))
                .hasMessageContaining(EnrichConfig.NUM_CTX);
        assertThatThrownBy(() -> new EnrichConfig(
                        Map.of(EnrichConfig.RETRY_INITIAL_MS, 5000L, EnrichConfig.RETRY_MAX_MS, 1000L), Map.of()))
                .hasMessageContaining(EnrichConfig.RETRY_MAX_MS);
        assertThatThrownBy(() ->
                        new EnrichConfig(Map.of(EnrichConfig.CONCURRENCY, 8, EnrichConfig.MAX_PENDING, 4), Map.of()))
                .hasMessageContaining(EnrichConfig.MAX_PENDING);
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.INTAKE_MAX_BLOCK_MS, 60_000L), Map.of()))
                .hasMessageContaining(EnrichConfig.INTAKE_MAX_BLOCK_MS);
    }

    @Test
    void shouldAdaptConcurrencyByDefaultBelowItsCeilingAndKeepTheFixedBaseline() {
        EnrichConfig defaults = new EnrichConfig(Map.of(), Map.of());

        assertThat(defaults.adaptiveConcurrency()).isTrue();
        assertThat(defaults.maxConcurrency()).isEqualTo(128);
        assertThat(defaults.initialConcurrency()).isEqualTo(8);
        assertThat(new EnrichConfig(Map.of(EnrichConfig.CONCURRENCY_STRATEGY, "fixed"), Map.of()).adaptiveConcurrency())
                .isFalse();
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.CONCURRENCY_STRATEGY, "unbounded"), Map.of()))
                .hasMessageContaining(EnrichConfig.CONCURRENCY_STRATEGY);
        assertThatThrownBy(() -> new EnrichConfig(
                        Map.of(EnrichConfig.CONCURRENCY_INITIAL, 64, EnrichConfig.CONCURRENCY_MAX, 32), Map.of()))
                .hasMessageContaining(EnrichConfig.CONCURRENCY_INITIAL)
                .hasMessageContaining(EnrichConfig.CONCURRENCY_MAX);
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.CONCURRENCY_MAX, 0), Map.of()))
                .hasMessageContaining(EnrichConfig.CONCURRENCY_MAX);
    }

    @Test
    void shouldMaskApiKeyAndLoadTaxonomyOverride(@TempDir Path dir) throws Exception {
        Path taxonomy = dir.resolve("t.yaml");
        Files.writeString(
                taxonomy,
                "schedule: S\ncategories:\n  - {code: A-1, title: T, scheduleItem: I, description: D, "
                        + "disposition: TEMPORARY, cutoff: NONE, retentionRule: R}\n");
        EnrichConfig config = new EnrichConfig(
                Map.of(
                        EnrichConfig.PROVIDER,
                        "openai-compatible",
                        EnrichConfig.BASE_URL,
                        "http://vllm:8000/v1",
                        EnrichConfig.API_KEY,
                        "s3cret",
                        EnrichConfig.TAXONOMY_PATH,
                        taxonomy.toString()),
                Map.of());

        assertThat(config.apiKey().toString()).doesNotContain("s3cret");
        assertThat(config.apiKey().value()).isEqualTo("s3cret");
        assertThat(config.taxonomy().codes()).containsExactly("A-1");
    }

    @Test
    void shouldWriteToProductionTopicsWithHumanPrecedenceAndNoStopOffsetsByDefault() {
        EnrichConfig config = new EnrichConfig(Map.of(), Map.of());

        assertThat(config.outputTopic()).isEqualTo("records.enriched.v1");
        assertThat(config.reviewTopic()).isEqualTo("records.review.v1");
        assertThat(config.dlqTopic()).isEqualTo("records.dlq.v1");
        assertThat(config.auditTopic()).isEqualTo("records.audit.v1");
        assertThat(config.humanPrecedence()).isTrue();
        assertThat(config.stopOffsets()).isEmpty();
        assertThat(config.promptVersion("classify-v1+summary-v1")).isEqualTo("classify-v1+summary-v1");
    }

    @Test
    void shouldParseReplaySettingsAndRejectMalformedStopOffsets() {
        EnrichConfig config = new EnrichConfig(
                Map.of(EnrichConfig.INPUT_STOP_OFFSETS, "0:17, 1:4", EnrichConfig.PROMPT_VERSION, "classify-v2"),
                Map.of());

        assertThat(config.stopOffsets()).containsExactly(Map.entry(0, 17L), Map.entry(1, 4L));
        assertThat(config.promptVersion("classify-v1+summary-v1")).isEqualTo("classify-v2");
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.INPUT_STOP_OFFSETS, "0=17"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EnrichConfig.INPUT_STOP_OFFSETS);
    }

    @Test
    void shouldLimitRecordSizeBelowWhatThePendingStoreChangelogAccepts() {
        assertThat(new EnrichConfig(Map.of(), Map.of()).maxRecordBytes()).isEqualTo(900 * 1024);
        assertThat(new EnrichConfig(Map.of(EnrichConfig.MAX_RECORD_BYTES, PendingEntry.MAX_RECORD_BYTES), Map.of())
                        .maxRecordBytes())
                .isEqualTo(PendingEntry.MAX_RECORD_BYTES);
        assertThatThrownBy(() -> new EnrichConfig(
                        Map.of(EnrichConfig.MAX_RECORD_BYTES, PendingEntry.MAX_RECORD_BYTES + 1), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EnrichConfig.MAX_RECORD_BYTES);
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.MAX_RECORD_BYTES, 1_048_576), Map.of()))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldCacheByDefaultInACompactedTopicKeptUntilOverwritten() {
        EnrichConfig config = new EnrichConfig(Map.of(), Map.of());

        assertThat(config.cacheEnabled()).isTrue();
        assertThat(config.cacheTopicConfigs())
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("retention.ms", "-1")
                .containsEntry("retention.bytes", "-1");
    }

    @Test
    void shouldAlsoDeleteCacheEntriesByAgeOrSizeWhenRetentionIsFinite() {
        assertThat(new EnrichConfig(Map.of(EnrichConfig.CACHE_RETENTION_MS, "604800000"), Map.of()).cacheTopicConfigs())
                .containsEntry("cleanup.policy", "compact,delete")
                .containsEntry("retention.ms", "604800000")
                .containsEntry("retention.bytes", "-1");
        assertThat(new EnrichConfig(Map.of(EnrichConfig.CACHE_RETENTION_BYTES, 1_073_741_824L), Map.of())
                        .cacheTopicConfigs())
                .containsEntry("cleanup.policy", "compact,delete")
                .containsEntry("retention.bytes", "1073741824");
        assertThat(new EnrichConfig(Map.of(EnrichConfig.CACHE_ENABLED, "false"), Map.of()).cacheEnabled())
                .isFalse();
    }

    @Test
    void shouldRejectCacheRetentionThatWouldDeleteEveryEntryNamingTheKey() {
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.CACHE_RETENTION_MS, 0L), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EnrichConfig.CACHE_RETENTION_MS);
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.CACHE_RETENTION_BYTES, 0L), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EnrichConfig.CACHE_RETENTION_BYTES);
        assertThatThrownBy(() -> new EnrichConfig(Map.of(EnrichConfig.CACHE_RETENTION_MS, -2L), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EnrichConfig.CACHE_RETENTION_MS);
    }
}

package io.recordflow.enrich.topology;

import static io.recordflow.enrich.topology.EnrichTopologyTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.enrich.analysis.Analysis;
import io.recordflow.enrich.analysis.Analyzer;
import io.recordflow.enrich.analysis.ImageLoader;
import io.recordflow.enrich.analysis.LlmAnalyzer;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.analysis.TextSource;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.enrich.testing.FakeLlmProvider;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AnalysisCacheEntry;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared analysis cache in the topology: entries written through to {@code records.analysis-cache.v1} with their
 * key parts, served to another application from its global store without a model call, missed when any key part
 * differs, ignored when unreadable, and one call for the same content twice in one run.
 */
class AnalysisCacheTopologyTest {
    private static final Taxonomy TAXONOMY = TaxonomyLoader.loadDefault();
    private static final String TEXT = "Personnel action: promotion of an analyst to GS-13 effective next pay period.";

    private final Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://cache-" + UUID.randomUUID());
    private final List<TopologyTestDriver> drivers = new ArrayList<>();

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    /** One enrich application under test: its driver, its model and its topics. */
    private final class App {
        final FakeLlmProvider model = new FakeLlmProvider();
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> input;
        final TestInputTopic<String, byte[]> cacheIn;
        final TestOutputTopic<String, EnrichedRecord> enriched;
        final TestOutputTopic<String, byte[]> cacheOut;

        App(Map<String, Object> overrides, UnaryOperator<Analyzer> wrap, Taxonomy taxonomy) {
            Map<String, Object> settings = new HashMap<>(Map.of(
                    EnrichConfig.PUNCTUATE_MS,
                    100L,
                    EnrichConfig.CONCURRENCY,
                    4,
                    EnrichConfig.PIPELINE_VERSION,
                    "recordflow-enrich test"));
            settings.putAll(overrides);
            EnrichConfig config = new EnrichConfig(settings, Map.of());
            Analyzer analyzer = wrap.apply(new LlmAnalyzer(model, taxonomy, 8192, 2, ImageLoader.disabled()));
            Properties props = EnrichTopology.streamsProperties("cache-test-" + UUID.randomUUID(), "unused:9092");
            props.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    System.getProperty("java.io.tmpdir") + "/streams-" + UUID.randomUUID());
            driver = new TopologyTestDriver(EnrichTopology.build(config, taxonomy, analyzer, serdeConfig), props);
            drivers.add(driver);
            input = driver.createInputTopic(
                    Topics.INGESTED.name(),
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            enriched = driver.createOutputTopic(
                    Topics.ENRICHED.name(),
                    Serdes.String().deserializer(),
                    Topics.ENRICHED.valueSerde(serdeConfig).deserializer());
            boolean cache = config.cacheEnabled();
            cacheIn = cache
                    ? driver.createInputTopic(
                            Topics.ANALYSIS_CACHE.name(),
                            Serdes.String().serializer(),
                            Serdes.ByteArray().serializer())
                    : null;
            cacheOut = driver.createOutputTopic(
                    Topics.ANALYSIS_CACHE.name(),
                    Serdes.String().deserializer(),
                    Serdes.ByteArray().deserializer());
        }

        App() {
            this(Map.of(), UnaryOperator.identity(), TAXONOMY);
        }

        void send(AgencyRecord record) {
            input.pipeInput(
                    record.getRecordId(),
                    Topics.INGESTED.valueSerde(serdeConfig).serializer().serialize(Topics.INGESTED.name(), record));
        }

        /** Lets wall-clock punctuation run until the condition holds (model calls finish on other threads). */
        void punctuateUntil(BooleanSupplier condition) {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        driver.advanceWallClockTime(Duration.ofMillis(100));
                        return condition.getAsBoolean();
                    });
        }

        EnrichedRecord enrichOne(AgencyRecord record) {
            send(record);
            punctuateUntil(() -> !enriched.isEmpty());
            return enriched.readValue();
        }
    }

    private AnalysisCacheEntry decode(byte[] bytes) {
        return Topics.ANALYSIS_CACHE
                .valueSerde(serdeConfig)
                .deserializer()
                .deserialize(Topics.ANALYSIS_CACHE.name(), bytes);
    }

    private byte[] encode(AnalysisCacheEntry entry) {
        return Topics.ANALYSIS_CACHE
                .valueSerde(serdeConfig)
                .serializer()
                .serialize(Topics.ANALYSIS_CACHE.name(), entry);
    }

    /** What a first application wrote to the cache topic after enriching {@link #TEXT}. */
    private KeyValue<String, byte[]> entryOfAnEarlierRun() {
        App earlier = new App();
        EnrichedRecord first = earlier.enrichOne(record("r-earlier", TEXT));
        assertThat(first.getProvenance().getCacheHit()).isFalse();
        List<KeyValue<String, byte[]>> written = earlier.cacheOut.readKeyValuesToList();
        assertThat(written).hasSize(1);
        return written.get(0);
    }

    @Test
    void shouldWriteEachNewAnalysisThroughToTheCacheTopicWithItsKeyPartsSpelledOut() {
        App app = new App();

        EnrichedRecord result = app.enrichOne(record("r-1", TEXT));

        List<KeyValue<String, byte[]>> written = app.cacheOut.readKeyValuesToList();
        assertThat(written).hasSize(1);
        AnalysisCacheEntry entry = decode(written.get(0).value);
        assertThat(entry.getContentSha256()).isEqualTo(PromptHash.sha256(TEXT));
        assertThat(entry.getProvider()).isEqualTo("fake");
        assertThat(entry.getModel()).isEqualTo(FakeLlmProvider.MODEL);
        assertThat(entry.getModelDigest()).isEqualTo(FakeLlmProvider.DIGEST);
        assertThat(entry.getPromptVersion()).isEqualTo(result.getProvenance().getPromptVersion());
        assertThat(entry.getPromptSha256()).isEqualTo(result.getProvenance().getPromptSha256());
        assertThat(entry.getTaxonomyFingerprint()).matches("[0-9a-f]{64}");
        assertThat(entry.getPipelineVersion()).isEqualTo("recordflow-enrich test");
        assertThat(entry.getAnalysisFormat()).isEqualTo(AnalysisCache.ANALYSIS_FORMAT);
        assertThat(entry.getAnalysisJson()).contains(result.getClassification().getCode());
        assertThat(written.get(0).key)
                .isEqualTo(new AnalysisCache.Key(
                                entry.getContentSha256(),
                                entry.getProvider(),
                                entry.getModel(),
                                entry.getModelDigest(),
                                entry.getPromptVersion(),
                                entry.getPromptSha256(),
                                entry.getTaxonomyFingerprint())
                        .id());
    }

    @Test
    void shouldServeAnEntryAnotherApplicationWroteWithoutCallingTheModel() {
        KeyValue<String, byte[]> shared = entryOfAnEarlierRun();
        App second = new App();
        second.cacheIn.pipeInput(shared.key, shared.value);

        EnrichedRecord again = second.enrichOne(record("r-again", TEXT));

        assertThat(second.model.requests()).isEmpty();
        assertThat(again.getRecordId()).isEqualTo("r-again");
        assertThat(again.getProvenance().getCacheHit()).isTrue();
        assertThat(again.getProvenance().getModelDigest()).isEqualTo(FakeLlmProvider.DIGEST);
        assertThat(again.getClassification().getCode()).isNotBlank();
        assertThat(second.cacheOut.isEmpty()).as("a hit writes nothing new").isTrue();
    }

    static Stream<Arguments> keyPartChanges() {
        UnaryOperator<Analyzer> same = UnaryOperator.identity();
        return Stream.of(
                Arguments.of("content", Map.of(), same, TAXONOMY, TEXT + " (amended)"),
                Arguments.of("provider", Map.of(), reporting("other-provider", null, null), TAXONOMY, TEXT),
                Arguments.of("model digest", Map.of(), reporting(null, "sha256:another-digest", null), TAXONOMY, TEXT),
                Arguments.of(
                        "prompt version",
                        Map.of(EnrichConfig.PROMPT_VERSION, "classify-v9-experiment"),
                        same,
                        TAXONOMY,
                        TEXT),
                Arguments.of("prompt hash", Map.of(), reporting(null, null, "0".repeat(64)), TAXONOMY, TEXT),
                Arguments.of(
                        "taxonomy",
                        Map.of(),
                        same,
                        new Taxonomy(TAXONOMY.schedule(), TAXONOMY.version() + "-amended", TAXONOMY.categories()),
                        TEXT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyPartChanges")
    void shouldCallTheModelWhenAnyKeyPartDiffers(
            String part, Map<String, Object> settings, UnaryOperator<Analyzer> wrap, Taxonomy taxonomy, String text) {
        KeyValue<String, byte[]> shared = entryOfAnEarlierRun();
        App changed = new App(settings, wrap, taxonomy);
        changed.cacheIn.pipeInput(shared.key, shared.value);

        EnrichedRecord result = changed.enrichOne(record("r-changed", text));

        assertThat(result.getProvenance().getCacheHit()).as(part).isFalse();
        assertThat(changed.model.requests()).as(part).isNotEmpty();
        assertThat(changed.cacheOut.readKeyValuesToList())
                .as("the new analysis is cached under a key of its own")
                .singleElement()
                .satisfies(kv -> assertThat(kv.key).isNotEqualTo(shared.key));
    }

    @Test
    void shouldIgnoreAnEntryWhoseSpelledOutPartsDoNotMatchItsKey() {
        KeyValue<String, byte[]> shared = entryOfAnEarlierRun();
        AnalysisCacheEntry forged = AnalysisCacheEntry.newBuilder(decode(shared.value))
                .setModelDigest("sha256:weights-it-was-not-made-with")
                .build();
        App app = new App();
        app.cacheIn.pipeInput(shared.key, encode(forged));

        EnrichedRecord result = app.enrichOne(record("r-forged", TEXT));

        assertThat(result.getProvenance().getCacheHit()).isFalse();
        assertThat(app.model.requests()).isNotEmpty();
    }

    @Test
    void shouldTreatAnUnreadableEntryAsAMissAndOverwriteIt() {
        KeyValue<String, byte[]> shared = entryOfAnEarlierRun();
        App app = new App();
        app.cacheIn.pipeInput(shared.key, "not an avro record".getBytes(StandardCharsets.UTF_8));
        AnalysisCacheEntry unknownFormat = AnalysisCacheEntry.newBuilder(decode(shared.value))
                .setContentSha256(PromptHash.sha256("another text"))
                .setAnalysisFormat(AnalysisCache.ANALYSIS_FORMAT + 1)
                .build();
        String unknownFormatKey = keyOf(unknownFormat);
        app.cacheIn.pipeInput(unknownFormatKey, encode(unknownFormat));

        EnrichedRecord garbled = app.enrichOne(record("r-garbled", TEXT));
        EnrichedRecord newer = app.enrichOne(record("r-newer", "another text"));

        assertThat(garbled.getProvenance().getCacheHit()).isFalse();
        assertThat(newer.getProvenance().getCacheHit()).isFalse();
        assertThat(app.model.classificationCalls()).isEqualTo(2);
        assertThat(app.cacheOut.readKeyValuesToList())
                .extracting(kv -> kv.key)
                .containsExactly(shared.key, unknownFormatKey);
    }

    @Test
    void shouldAnswerTheSameContentTwiceInOneRunWithOneModelCall() {
        App app = new App();

        // Both arrive before any call finished: the second waits for the first one's entry.
        app.send(record("r-a", TEXT));
        app.send(record("r-b", TEXT));
        app.punctuateUntil(() -> app.enriched.getQueueSize() >= 2);

        List<EnrichedRecord> results = app.enriched.readValuesToList();
        assertThat(results).extracting(EnrichedRecord::getRecordId).containsExactly("r-a", "r-b");
        assertThat(results).extracting(r -> r.getProvenance().getCacheHit()).containsExactly(false, true);
        assertThat(app.model.classificationCalls()).isEqualTo(1);
        assertThat(app.cacheOut.readKeyValuesToList()).hasSize(1);
    }

    @Test
    void shouldNeitherReadNorWriteTheCacheWhenItIsOff() {
        App app = new App(Map.of(EnrichConfig.CACHE_ENABLED, false), UnaryOperator.identity(), TAXONOMY);

        EnrichedRecord first = app.enrichOne(record("r-1", TEXT));
        EnrichedRecord second = app.enrichOne(record("r-2", TEXT));

        assertThat(first.getProvenance().getCacheHit()).isFalse();
        assertThat(second.getProvenance().getCacheHit()).isFalse();
        assertThat(app.model.classificationCalls()).isEqualTo(2);
        assertThat(app.cacheOut.isEmpty()).isTrue();
        assertThat(app.driver.producedTopicNames()).doesNotContain(Topics.ANALYSIS_CACHE.name());
    }

    @Test
    void shouldKeyByTheModelDigestFallingBackToTheModelNameAndByEveryOtherPart() {
        AnalysisCache.Key base =
                new AnalysisCache.Key("c0ffee", "ollama", "llama3.1:8b", "sha256:aa", "classify-v1", "p", "t");

        assertThat(new AnalysisCache.Key("c0ffee", "ollama", "llama3.1:8b", "sha256:aa", "classify-v1", "p", "t").id())
                .isEqualTo(base.id())
                .matches("[0-9a-f]{64}");
        assertThat(new AnalysisCache.Key("c0ffee", "ollama", "llama3.1:latest", "sha256:aa", "classify-v1", "p", "t")
                        .id())
                .as("the same weights under another tag")
                .isEqualTo(base.id());
        assertThat(Stream.of(
                                new AnalysisCache.Key(
                                        "c0ffef", "ollama", "llama3.1:8b", "sha256:aa", "classify-v1", "p", "t"),
                                new AnalysisCache.Key(
                                        "c0ffee", "vllm", "llama3.1:8b", "sha256:aa", "classify-v1", "p", "t"),
                                new AnalysisCache.Key(
                                        "c0ffee", "ollama", "llama3.1:8b", "sha256:bb", "classify-v1", "p", "t"),
                                new AnalysisCache.Key(
                                        "c0ffee", "ollama", "llama3.1:8b", "sha256:aa", "classify-v2", "p", "t"),
                                new AnalysisCache.Key(
                                        "c0ffee", "ollama", "llama3.1:8b", "sha256:aa", "classify-v1", "q", "t"),
                                new AnalysisCache.Key(
                                        "c0ffee", "ollama", "llama3.1:8b", "sha256:aa", "classify-v1", "p", "u"))
                        .map(AnalysisCache.Key::id))
                .doesNotContain(base.id())
                .doesNotHaveDuplicates();
        AnalysisCache.Key noDigest =
                new AnalysisCache.Key("c0ffee", "openai-compatible", "llama3.1:8b", null, "classify-v1", "p", "t");
        assertThat(new AnalysisCache.Key("c0ffee", "openai-compatible", "llama3.2:3b", null, "classify-v1", "p", "t")
                        .id())
                .as("without a digest the model name identifies the model")
                .isNotEqualTo(noDigest.id());
        assertThat(new AnalysisCache.Key("c0ffee", "openai-compatible", "llama3.1:8b", "", "classify-v1", "p", "t")
                        .id())
                .isEqualTo(noDigest.id());
    }

    private static String keyOf(AnalysisCacheEntry entry) {
        return new AnalysisCache.Key(
                        entry.getContentSha256(),
                        entry.getProvider(),
                        entry.getModel(),
                        entry.getModelDigest(),
                        entry.getPromptVersion(),
                        entry.getPromptSha256(),
                        entry.getTaxonomyFingerprint())
                .id();
    }

    /** The analyzer reporting another provider, model digest or prompt hash (null: unchanged). */
    private static UnaryOperator<Analyzer> reporting(String provider, String digest, String promptSha256) {
        return model -> new Analyzer() {
            @Override
            public ProviderInfo info() {
                ProviderInfo real = model.info();
                return new ProviderInfo(
                        provider == null ? real.provider() : provider,
                        real.model(),
                        digest == null ? real.modelDigest() : digest,
                        real.parameters());
            }

            @Override
            public String promptVersion() {
                return model.promptVersion();
            }

            @Override
            public String promptSha256() {
                return promptSha256 == null ? model.promptSha256() : promptSha256;
            }

            @Override
            public Analysis analyze(AgencyRecord record, TextSource.Text text) throws LlmException {
                return model.analyze(record, text);
            }
        };
    }
}

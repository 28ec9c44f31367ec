package io.recordflow.enrich.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordflow.enrich.analysis.Analysis;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.llm.ProviderInfo;
import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses already paid for, keyed by (content hash, model, prompt version and hash, taxonomy): the same
 * document ingested twice, or replayed, is not sent to the model again. Kept in a changelogged store.
 */
public final class AnalysisCache {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisCache.class);
    // Derived accessors such as isValid() are serialized too; they are recomputed, so ignore them on read.
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final KeyValueStore<String, byte[]> store;

    public AnalysisCache(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** What the cache stores: the analysis, the detectors' findings and the provider that made it. */
    public record Entry(
            Analysis analysis, io.recordflow.enrich.assemble.TextFindings findings, ProviderInfo provider) {}

    public static String key(
            String contentSha256, String model, String promptVersion, String promptSha256, String taxonomyFingerprint) {
        return PromptHash.sha256(
                contentSha256 + "|" + model + "|" + promptVersion + "|" + promptSha256 + "|" + taxonomyFingerprint);
    }

    /**
     * The key of an analysis by {@code provider}'s {@code model} under the effective prompt version: answers of
     * another provider, model or prompt version (a replay with overrides) never match.
     */
    public static String key(
            String contentSha256,
            String provider,
            String model,
            String promptVersion,
            String promptSha256,
            String taxonomyFingerprint) {
        return key(contentSha256, provider + "/" + model, promptVersion, promptSha256, taxonomyFingerprint);
    }

    public Optional<Entry> get(String key) {
        byte[] bytes = store.get(key);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(bytes, Entry.class));
        } catch (IOException e) {
            // A cache entry from an incompatible version is only a lost saving: recompute and overwrite it.
            LOG.warn("ignoring unreadable analysis cache entry {}: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    public void put(String key, Entry entry) {
        try {
            store.put(key, JSON.writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode analysis cache entry " + key, e);
        }
    }
}

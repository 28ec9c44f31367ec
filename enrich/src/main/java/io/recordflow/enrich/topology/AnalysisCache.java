package io.recordflow.enrich.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordflow.enrich.analysis.Analysis;
import io.recordflow.enrich.analysis.PromptHash;
import io.recordflow.enrich.assemble.TextFindings;
import io.recordflow.enrich.llm.ProviderInfo;
import io.recordflow.records.AnalysisCacheEntry;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses already paid for, shared by every enrich application through {@code records.analysis-cache.v1}: read from
 * the global store that mirrors the topic, written through by forwarding a new {@link AnalysisCacheEntry} to the
 * topic's sink in the enrichment's own transaction. The global store only sees an entry once the global thread has
 * read it back, so one task's fresh entries stay visible in a bounded in-memory overlay until then (the same content
 * twice in one run costs one call).
 *
 * <p>The analysis travels as versioned JSON inside the Avro envelope ({@link #ANALYSIS_FORMAT}): it is a deep tree of
 * Java records (classification outcome with its problems and repairs, summary outcome, detector findings, provider
 * parameters) that changes with the analyzer, and mirroring it field by field in Avro would tie every analyzer change
 * to a schema change. The key parts, which decide what an entry may answer, are explicit Avro fields and are checked on
 * every hit.
 */
final class AnalysisCache {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisCache.class);

    /** Layout of {@link AnalysisCacheEntry#getAnalysisJson()} this version writes and reads. */
    static final int ANALYSIS_FORMAT = 1;

    /** Fresh entries one task keeps until the global store has them: far more than a commit interval produces. */
    static final int OVERLAY_ENTRIES = 1_000;

    // Derived accessors such as isValid() are serialized too; they are recomputed, so ignore them on read.
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final KeyValueStore<String, byte[]> global;
    private final Deserializer<AnalysisCacheEntry> deserializer;
    private final String pipelineVersion;
    private final Map<String, Entry> overlay = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > OVERLAY_ENTRIES;
        }
    };

    /**
     * @param global the global store mirroring the cache topic (raw values, as on the wire)
     * @param deserializer reads the topic's values
     * @param pipelineVersion written into new entries
     */
    AnalysisCache(
            KeyValueStore<String, byte[]> global,
            Deserializer<AnalysisCacheEntry> deserializer,
            String pipelineVersion) {
        this.global = global;
        this.deserializer = deserializer;
        this.pipelineVersion = pipelineVersion;
    }

    /** What the cache keeps of one analysis: the analysis, the detectors' findings and the provider that made it. */
    record Entry(Analysis analysis, TextFindings findings, ProviderInfo provider) {}

    /**
     * What an analysis depends on. The model is identified by its digest where the provider reports one (the same
     * weights under another tag still match; a re-pulled model with new weights does not), else by its name.
     */
    record Key(
            String contentSha256,
            String provider,
            String model,
            String modelDigest,
            String promptVersion,
            String promptSha256,
            String taxonomyFingerprint) {

        static Key of(
                String contentSha256,
                ProviderInfo info,
                String promptVersion,
                String promptSha256,
                String taxonomyFingerprint) {
            return new Key(
                    contentSha256,
                    info.provider(),
                    info.model(),
                    info.modelDigest(),
                    promptVersion,
                    promptSha256,
                    taxonomyFingerprint);
        }

        String modelIdentity() {
            return modelIdentity(model, modelDigest);
        }

        /** The record key on the cache topic: SHA-256 over the length-prefixed parts, so no two part lists collide. */
        String id() {
            StringBuilder parts = new StringBuilder();
            for (String part : new String[] {
                contentSha256, provider, modelIdentity(), promptVersion, promptSha256, taxonomyFingerprint
            }) {
                String value = String.valueOf(part);
                parts.append(value.length()).append(':').append(value).append('|');
            }
            return PromptHash.sha256(parts.toString());
        }

        /** Whether {@code entry} was made under exactly these parts (a stored key is only a hash of them). */
        boolean matches(AnalysisCacheEntry entry) {
            return Objects.equals(contentSha256, entry.getContentSha256())
                    && Objects.equals(provider, entry.getProvider())
                    && Objects.equals(modelIdentity(), modelIdentity(entry.getModel(), entry.getModelDigest()))
                    && Objects.equals(promptVersion, entry.getPromptVersion())
                    && Objects.equals(promptSha256, entry.getPromptSha256())
                    && Objects.equals(taxonomyFingerprint, entry.getTaxonomyFingerprint());
        }

        private static String modelIdentity(String model, String digest) {
            return digest == null || digest.isBlank() ? model : digest;
        }
    }

    /** The analysis cached under {@code key}: this task's fresh entries first, then the shared topic's. */
    Optional<Entry> get(Key key) {
        String id = key.id();
        byte[] bytes = global.get(id);
        if (bytes == null) {
            return Optional.ofNullable(overlay.get(id));
        }
        // The global store has caught up with this entry: the overlay need not hold it any longer.
        Entry fresh = overlay.remove(id);
        if (fresh != null) {
            return Optional.of(fresh);
        }
        return read(key, id, bytes);
    }

    /**
     * Remembers {@code entry} under {@code key} for this task and returns the value to write through to the cache
     * topic under {@link Key#id()}.
     */
    AnalysisCacheEntry put(Key key, Entry entry, Instant createdAt) {
        String json;
        try {
            json = JSON.writeValueAsString(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the analysis of content " + key.contentSha256(), e);
        }
        overlay.put(key.id(), entry);
        return AnalysisCacheEntry.newBuilder()
                .setContentSha256(key.contentSha256())
                .setProvider(key.provider())
                .setModel(key.model())
                .setModelDigest(key.modelDigest())
                .setPromptVersion(key.promptVersion())
                .setPromptSha256(key.promptSha256())
                .setTaxonomyFingerprint(key.taxonomyFingerprint())
                .setCreatedAt(createdAt)
                .setPipelineVersion(pipelineVersion)
                .setAnalysisFormat(ANALYSIS_FORMAT)
                .setAnalysisJson(json)
                .build();
    }

    /** An entry of the shared topic, or a miss (with a warning) when it cannot be used: never a failure. */
    private Optional<Entry> read(Key key, String id, byte[] bytes) {
        try {
            AnalysisCacheEntry entry = deserializer.deserialize(Topics.ANALYSIS_CACHE.name(), bytes);
            if (entry == null) {
                return Optional.empty();
            }
            if (!key.matches(entry)) {
                LOG.warn(
                        "ignoring analysis cache entry {} on {}: made for content {} by {} {} (digest {}), prompt {} "
                                + "{}, taxonomy {}, not for this record's key; it is recomputed",
                        id,
                        Topics.ANALYSIS_CACHE.name(),
                        entry.getContentSha256(),
                        entry.getProvider(),
                        entry.getModel(),
                        entry.getModelDigest(),
                        entry.getPromptVersion(),
                        entry.getPromptSha256(),
                        entry.getTaxonomyFingerprint());
                return Optional.empty();
            }
            if (entry.getAnalysisFormat() != ANALYSIS_FORMAT) {
                LOG.warn(
                        "ignoring analysis cache entry {} on {}: analysis format {} (this version reads {}); it is "
                                + "recomputed",
                        id,
                        Topics.ANALYSIS_CACHE.name(),
                        entry.getAnalysisFormat(),
                        ANALYSIS_FORMAT);
                return Optional.empty();
            }
            return Optional.of(JSON.readValue(entry.getAnalysisJson(), Entry.class));
        } catch (IOException | RuntimeException e) {
            // An entry from an incompatible version or a foreign writer is only a lost saving: recompute, overwrite.
            LOG.warn(
                    "ignoring unreadable analysis cache entry {} on {}: {}; it is recomputed",
                    id,
                    Topics.ANALYSIS_CACHE.name(),
                    e.toString());
            return Optional.empty();
        }
    }
}

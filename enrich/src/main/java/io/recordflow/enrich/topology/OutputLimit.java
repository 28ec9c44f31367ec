package io.recordflow.enrich.topology;

import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.records.EnrichedRecord;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The largest value the enrich stage sends ({@code enrich.max.output.bytes}), checked before it is forwarded: a larger
 * one would be refused by the producer or the broker, and the task would stop on the same record at every restart.
 */
final class OutputLimit {
    private final int maxBytes;
    private final String enrichedTopic;
    private final Serializer<EnrichedRecord> enrichedSerializer;

    OutputLimit(int maxBytes, String enrichedTopic, Serializer<EnrichedRecord> enrichedSerializer) {
        this.maxBytes = maxBytes;
        this.enrichedTopic = enrichedTopic;
        this.enrichedSerializer = enrichedSerializer;
    }

    /** Why {@code enriched} cannot be sent, serialized as its sink will serialize it; empty when it fits. */
    Optional<String> refusal(EnrichedRecord enriched) {
        int size = enrichedSerializer.serialize(enrichedTopic, enriched).length;
        return refusal("the enrichment of record " + enriched.getRecordId(), size);
    }

    /** Why a value of {@code bytes} described as {@code what} cannot be sent; empty when it fits. */
    Optional<String> refusal(String what, int bytes) {
        if (bytes <= maxBytes) {
            return Optional.empty();
        }
        return Optional.of(what + " is " + bytes + " bytes serialized, more than " + EnrichConfig.MAX_OUTPUT_BYTES
                + " (" + maxBytes + ")");
    }
}

package io.recordflow.records;

/**
 * How an enrichment says a person decided it: provenance provider {@code human} ({@code recordflow review decide}).
 * Every stage that lets human decisions win over model output (enrich, the sinks, the review queue) asks here.
 */
public final class HumanProvenance {

    /** Provenance provider of human review decisions. */
    public static final String PROVIDER = "human";

    private HumanProvenance() {}

    /** Whether {@code enriched} records a human decision rather than a model's answer. */
    public static boolean isHumanDecision(EnrichedRecord enriched) {
        return enriched != null
                && enriched.getProvenance() != null
                && PROVIDER.equals(enriched.getProvenance().getProvider());
    }
}

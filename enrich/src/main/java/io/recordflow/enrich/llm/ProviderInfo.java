package io.recordflow.enrich.llm;

import java.util.Map;

/** What produced an answer, for provenance: provider, model, model digest and call parameters. */
public record ProviderInfo(String provider, String model, String modelDigest, Map<String, String> parameters) {
    public ProviderInfo {
        parameters = Map.copyOf(parameters);
    }
}

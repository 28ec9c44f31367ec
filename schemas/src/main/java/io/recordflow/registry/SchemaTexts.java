package io.recordflow.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The JSON text of schemas, remembered per schema instance: a registry client asks for it on every serialized record,
 * and {@link Schema#toString()} renders the whole schema each time (for an enrichment, most of the cost of sending
 * it). Keyed by identity, not {@link Schema#equals}, which ignores docs the registry does not; bounded so that callers
 * building a new schema per record cannot grow it without end.
 */
final class SchemaTexts {
    static final int MAX_ENTRIES = 1_024;

    private final Map<Identity, String> texts = new ConcurrentHashMap<>();

    /** {@code schema.toString()}, rendered once per instance. */
    String of(Schema schema) {
        Identity key = new Identity(schema);
        String text = texts.get(key);
        if (text != null) {
            return text;
        }
        if (texts.size() >= MAX_ENTRIES) {
            // Schemas made per record: the texts of long-lived ones come back at the next call.
            texts.clear();
        }
        text = schema.toString();
        texts.put(key, text);
        return text;
    }

    int size() {
        return texts.size();
    }

    /** A schema compared by reference. */
    private record Identity(Schema schema) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }
}

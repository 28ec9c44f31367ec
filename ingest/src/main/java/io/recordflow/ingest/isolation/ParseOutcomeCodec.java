package io.recordflow.ingest.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordflow.ingest.extract.ParseFailure;
import io.recordflow.ingest.extract.ParseOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.tika.metadata.Metadata;

/** One-line JSON form of a {@link ParseOutcome}, the answer a child JVM sends its parent. */
final class ParseOutcomeCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ParseOutcomeCodec() {}

    static String encode(ParseOutcome outcome) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode parts = root.putArray("parts");
        for (Metadata m : outcome.parts()) {
            ObjectNode part = parts.addObject();
            for (String name : m.names()) {
                ArrayNode values = part.putArray(name);
                for (String v : m.getValues(name)) {
                    values.add(v);
                }
            }
        }
        if (outcome.failed()) {
            ParseFailure f = outcome.failure();
            root.putObject("failure")
                    .put("kind", f.kind())
                    .put("errorClass", f.errorClass())
                    .put("message", f.message());
        }
        return JSON.writeValueAsString(root); // JSON escapes newlines, so the answer is one line
    }

    static ParseOutcome decode(String line) throws IOException {
        JsonNode root = JSON.readTree(line);
        List<Metadata> parts = new ArrayList<>();
        for (JsonNode part : root.path("parts")) {
            Metadata m = new Metadata();
            Iterator<Map.Entry<String, JsonNode>> fields = part.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                for (JsonNode v : field.getValue()) {
                    m.add(field.getKey(), v.asText());
                }
            }
            parts.add(m);
        }
        JsonNode f = root.get("failure");
        ParseFailure failure = f == null
                ? null
                : new ParseFailure(
                        f.path("kind").asText(),
                        f.path("errorClass").asText(),
                        f.path("message").asText());
        return new ParseOutcome(parts, failure);
    }
}

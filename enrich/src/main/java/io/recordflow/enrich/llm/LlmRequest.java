package io.recordflow.enrich.llm;

import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chat call: system prompt, conversation, the JSON schema the answer must follow (sent as the
 * response format) and images attached to the first user message.
 */
public record LlmRequest(String system, List<ChatTurn> turns, JsonSchema schema, List<LlmImage> images) {
    public LlmRequest {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(schema, "schema");
        turns = List.copyOf(turns);
        images = List.copyOf(images);
        if (turns.isEmpty() || turns.get(0).role() != ChatTurn.Role.USER) {
            throw new IllegalArgumentException("a chat call starts with a user message");
        }
    }

    /** The same call with the model's answer and a follow-up user message appended (repair prompts). */
    public LlmRequest followUp(String answer, String userMessage) {
        List<ChatTurn> next = new ArrayList<>(turns);
        next.add(ChatTurn.assistant(answer));
        next.add(ChatTurn.user(userMessage));
        return new LlmRequest(system, next, schema, images);
    }
}

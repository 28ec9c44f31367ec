package io.recordflow.enrich.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Sends an {@link LlmRequest} through a langchain4j {@link ChatModel}. The {@code ChatRequest} is built
 * here, with the JSON schema as response format, because {@code AiServices} drops or empties schemas.
 */
public final class LangChainChat {
    private LangChainChat() {}

    public static LlmReply call(ChatModel model, String callName, LlmRequest request) throws LlmException {
        ChatResponse response;
        try {
            response = model.chat(toChatRequest(request));
        } catch (RuntimeException e) {
            throw Failures.classify(callName, e);
        }
        if (response == null
                || response.aiMessage() == null
                || response.aiMessage().text() == null) {
            throw new LlmException(
                    FailureKind.TRANSIENT, callName + " failed (transient): response without a message", null);
        }
        var usage = response.tokenUsage();
        return new LlmReply(
                response.aiMessage().text(),
                usage == null ? null : usage.inputTokenCount(),
                usage == null ? null : usage.outputTokenCount());
    }

    static ChatRequest toChatRequest(LlmRequest request) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(request.system()));
        boolean first = true;
        for (ChatTurn turn : request.turns()) {
            if (turn.role() == ChatTurn.Role.ASSISTANT) {
                messages.add(AiMessage.from(turn.text()));
                continue;
            }
            List<Content> contents = new ArrayList<>();
            contents.add(TextContent.from(turn.text()));
            if (first) {
                for (LlmImage image : request.images()) {
                    contents.add(
                            ImageContent.from(Base64.getEncoder().encodeToString(image.bytes()), image.mediaType()));
                }
            }
            first = false;
            messages.add(UserMessage.from(contents));
        }
        return ChatRequest.builder()
                .messages(messages)
                .responseFormat(ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(request.schema())
                        .build())
                .build();
    }
}

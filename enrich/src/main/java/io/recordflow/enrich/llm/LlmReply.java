package io.recordflow.enrich.llm;

/** The model's answer and the token counts the server reported (null when it reported none). */
public record LlmReply(String text, Integer tokensIn, Integer tokensOut) {}

package io.recordflow.enrich.llm;

/** An image sent to a vision model; the bytes travel base64-encoded without a data: prefix. */
public record LlmImage(byte[] bytes, String mediaType) {}

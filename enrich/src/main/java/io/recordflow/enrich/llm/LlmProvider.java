package io.recordflow.enrich.llm;

/**
 * A chat model server behind one small interface, so the pipeline does not care whether Ollama, an
 * OpenAI-compatible server or a test double answers.
 */
public interface LlmProvider extends AutoCloseable {

    /** Provider, model, digest (looked up from the server where it offers one) and parameters. */
    ProviderInfo info();

    /** One blocking chat call; failures are classified as transient or permanent. */
    LlmReply chat(LlmRequest request) throws LlmException;

    @Override
    default void close() {}
}

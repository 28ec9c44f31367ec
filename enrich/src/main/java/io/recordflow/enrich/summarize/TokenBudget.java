package io.recordflow.enrich.summarize;

/**
 * Token arithmetic for a context window. Llama tokenizers average about four characters per English
 * token; three is used so an estimate errs towards smaller chunks rather than server-side truncation.
 */
public final class TokenBudget {
    static final int CHARS_PER_TOKEN = 3;
    /** Room for the system prompt, the taxonomy and metadata. */
    static final int PROMPT_RESERVE = 1_500;
    /** Room for the answer. */
    static final int ANSWER_RESERVE = 512;

    private final int numCtx;

    public TokenBudget(int numCtx) {
        this.numCtx = numCtx;
    }

    public static int estimateTokens(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** Most characters of document text one call can carry without exceeding num_ctx. */
    public int maxDocumentChars() {
        return Math.max(500, (numCtx - PROMPT_RESERVE - ANSWER_RESERVE) * CHARS_PER_TOKEN);
    }

    public boolean fits(String text) {
        return text.length() <= maxDocumentChars();
    }
}

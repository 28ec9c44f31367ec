package io.recordflow.enrich.llm;

/**
 * Adds up the calls answered and their token counts; the token counts stay null while no call reported any. Every
 * reply of the provider is one HTTP request the model server answered.
 */
public final class TokenTally {
    private Integer in;
    private Integer out;
    private int calls;

    /** One more answered call. */
    public void add(LlmReply reply) {
        calls++;
        add(reply.tokensIn(), reply.tokensOut());
    }

    public void add(Integer tokensIn, Integer tokensOut) {
        if (tokensIn != null) {
            in = (in == null ? 0 : in) + tokensIn;
        }
        if (tokensOut != null) {
            out = (out == null ? 0 : out) + tokensOut;
        }
    }

    public Integer in() {
        return in;
    }

    public Integer out() {
        return out;
    }

    /** The calls added with {@link #add(LlmReply)}. */
    public int calls() {
        return calls;
    }
}

package io.recordflow.enrich.llm;

/** Adds up the token counts of several calls; stays null while no call reported any. */
public final class TokenTally {
    private Integer in;
    private Integer out;

    public void add(LlmReply reply) {
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
}

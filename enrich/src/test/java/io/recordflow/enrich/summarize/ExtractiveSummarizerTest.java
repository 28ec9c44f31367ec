package io.recordflow.enrich.summarize;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.enrich.llm.local.LocalEmbeddings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The offline model's summary stays small whatever the text: it ends up in a changelog and on a topic. */
class ExtractiveSummarizerTest {

    private static ExtractiveSummarizer summarizer;

    @BeforeAll
    static void loadModel() {
        summarizer = new ExtractiveSummarizer(new LocalEmbeddings());
    }

    @Test
    void shouldBoundTheSummaryOfFiveMillionCharactersWithoutSentencePunctuation() throws Exception {
        // what Tika extracts from an MP3 whose ID3 comment frame holds 5,000,000 letters
        String text = "C".repeat(5_000_000);

        SummaryOutcome outcome = summarizer.summarize(text);

        assertThat(outcome.summary())
                .hasSize(ExtractiveSummarizer.MAX_SENTENCE_CHARS)
                .endsWith("\u2026");
        assertThat(outcome.keywords()).isEmpty();
    }

    @Test
    void shouldBoundEachOfTheThreeSentencesOfALongDocument() throws Exception {
        String sentence = "The records office received the request " + "and reviewed it ".repeat(200) + ".";
        String text = (sentence + " ").repeat(10) + "Short closing sentence of the memo.";

        SummaryOutcome outcome = summarizer.summarize(text);

        assertThat(outcome.summary().length()).isLessThanOrEqualTo(3 * ExtractiveSummarizer.MAX_SENTENCE_CHARS + 2);
    }

    @Test
    void shouldNotTakeARunOfLettersLongerThanAWordAsAKeyword() {
        String text =
                "Contract contract contract renewal renewal " + "t".repeat(1_000_000) + " " + "c".repeat(1_000_000);

        assertThat(KeywordExtractor.keywords(text, 6)).containsExactly("contract", "renewal");
    }

    @Test
    void shouldKeepOrdinarySentencesWhole() throws Exception {
        SummaryOutcome outcome = summarizer.summarize("FOIA request for copies of the 2023 contracts of the office.");

        assertThat(outcome.summary()).isEqualTo("FOIA request for copies of the 2023 contracts of the office.");
    }
}

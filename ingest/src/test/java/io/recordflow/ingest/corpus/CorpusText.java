package io.recordflow.ingest.corpus;

import java.util.List;
import java.util.Random;

/**
 * Seeded, records-office-flavoured prose for generated corpora: every call draws from one {@link Random}, so a corpus
 * is the same on every run, and a serial number in each sentence keeps any two generated texts different.
 */
final class CorpusText {

    private static final List<String> SUBJECTS = List.of(
            "The budget office",
            "The records officer",
            "The contracting team",
            "Human resources",
            "The security office",
            "The facilities branch",
            "The FOIA desk",
            "The travel unit",
            "The grants office",
            "The inspector general");
    private static final List<String> VERBS = List.of(
            "approved",
            "reviewed",
            "requested",
            "submitted",
            "archived",
            "forwarded",
            "amended",
            "rejected",
            "scheduled",
            "closed");
    private static final List<String> OBJECTS = List.of(
            "the fiscal year budget estimate",
            "a personnel action",
            "the lease of the annex building",
            "an incident report",
            "a travel voucher",
            "the records retention schedule",
            "a public access request",
            "a procurement contract modification",
            "the training attendance roster",
            "a grant closeout package");

    private final Random random;
    private long serial;

    CorpusText(Random random) {
        this.random = random;
    }

    /** One sentence with a serial number no other sentence of this generator carries. */
    String sentence() {
        serial++;
        return pick(SUBJECTS) + " " + pick(VERBS) + " " + pick(OBJECTS) + " under reference RF-" + serial + ".";
    }

    /** {@code sentences} sentences joined by spaces. */
    String paragraph(int sentences) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            text.append(i == 0 ? "" : " ").append(sentence());
        }
        return text.toString();
    }

    /** A short upper-case line for a scan, large enough for OCR. */
    String scanLine() {
        serial++;
        return pick(List.of("MEMORANDUM", "NOTICE", "INVOICE", "RECEIPT", "ROUTING SLIP")) + " RF-" + serial;
    }

    int between(int lowInclusive, int highInclusive) {
        return lowInclusive + random.nextInt(highInclusive - lowInclusive + 1);
    }

    private String pick(List<String> words) {
        return words.get(random.nextInt(words.size()));
    }
}

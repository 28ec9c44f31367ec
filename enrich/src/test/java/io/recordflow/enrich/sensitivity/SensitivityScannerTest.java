package io.recordflow.enrich.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.records.Sensitivity;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SensitivityScannerTest {
    private final SensitivityScanner scanner = SensitivityScanner.standard();

    private static List<String> types(List<Finding> findings) {
        return findings.stream().map(Finding::type).toList();
    }

    @Test
    void shouldFindSsnWithOffsetsAndHigherConfidenceWhenLabelled() {
        String text = "Employee SSN: 123-45-6789 on file.";
        List<Finding> findings = scanner.scan(text);

        assertThat(types(findings)).containsExactly("SSN");
        Finding ssn = findings.get(0);
        assertThat(text.substring(ssn.start(), ssn.end())).isEqualTo("123-45-6789");
        assertThat(ssn.confidence()).isEqualTo(0.95);
        assertThat(ssn.note()).doesNotContain("6789");
    }

    @Test
    void shouldIgnoreNeverIssuedSsnNumbers() {
        assertThat(scanner.scan("Ref 000-12-3456 and 666-12-3456 and 123-00-4567"))
                .isEmpty();
    }

    @Test
    void shouldAcceptOnlyLuhnValidCardNumbers() {
        assertThat(types(scanner.scan("Card 4111 1111 1111 1111 charged"))).containsExactly("CARD_NUMBER");
        assertThat(scanner.scan("Card 4111 1111 1111 1112 charged")).isEmpty();
    }

    @Test
    void shouldFindRoutingNumberOnlyWithValidChecksumAndLabel() {
        assertThat(types(scanner.scan("ABA routing number 021000021"))).containsExactly("BANK_ACCOUNT");
        assertThat(scanner.scan("ABA routing number 021000022")).isEmpty();
        assertThat(scanner.scan("Invoice 021000021")).isEmpty();
        assertThat(types(scanner.scan("Direct deposit to account number: 00012345678")))
                .containsExactly("BANK_ACCOUNT");
    }

    @Test
    void shouldFindPhoneEmailAndOnlyLabelledDatesOfBirth() {
        String text = "Call (202) 555-0143 or write jane.doe@agency.gov. DOB: 04/12/1980. Meeting on 05/01/2024.";
        List<Finding> findings = scanner.scan(text);

        assertThat(types(findings)).containsExactly("PHONE", "EMAIL", "DATE_OF_BIRTH");
        assertThat(text.substring(findings.get(2).start(), findings.get(2).end()))
                .isEqualTo("04/12/1980");
    }

    @Test
    void shouldAssembleSensitivityWithCuiMarkingAndModelSuggestions() {
        String text = "CONTROLLED UNCLASSIFIED INFORMATION\nApplicant SSN 123-45-6789";
        Sensitivity sensitivity =
                scanner.assess(text, List.of(), new SensitivityScanner.ModelSuggestions(false, List.of("b5")));

        assertThat(sensitivity.getPii()).isTrue();
        assertThat(sensitivity.getCui()).isTrue();
        assertThat(sensitivity.getFoiaExemptions()).containsExactly("b6", "b5");
        assertThat(sensitivity.getFlags())
                .extracting(f -> f.getType() + "/" + f.getDetector())
                .containsExactly("SSN/pattern", "CUI/pattern", "FOIA_B5/model");
    }

    @Test
    void shouldReportNothingForOrdinaryCorrespondence() {
        Sensitivity sensitivity = scanner.assess(
                "Thank you for attending the meeting on 5 May 2024.",
                List.of(),
                SensitivityScanner.ModelSuggestions.NONE);

        assertThat(sensitivity.getPii()).isFalse();
        assertThat(sensitivity.getCui()).isFalse();
        assertThat(sensitivity.getFlags()).isEmpty();
    }

    @Test
    void shouldFindWithItsCueExactlyWhatTheDetectorFindsSearchingEveryText() {
        Random random = new Random(13);
        Map<String, Integer> found = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String text = generatedText(random);
            for (Detector detector : Detectors.all()) {
                PatternDetector cued = (PatternDetector) detector;
                List<Finding> everywhere = cued.withoutCue().detect(text);
                assertThat(cued.detect(text)).as("%s in %s", detector, text).isEqualTo(everywhere);
                everywhere.forEach(f -> found.merge(f.type(), 1, Integer::sum));
            }
        }
        // Every detector found something in the generated texts, so the comparison above was made for each.
        assertThat(found.keySet())
                .containsExactlyInAnyOrder("CARD_NUMBER", "SSN", "BANK_ACCOUNT", "DATE_OF_BIRTH", "EMAIL", "PHONE");
    }

    private static final List<String> FRAGMENTS = List.of(
            "SSN:",
            "Social Security No.",
            "123-45-6789",
            "078 05 1120",
            "(202) 555-0143",
            "+1 415.555.0199",
            "tel",
            "Fax:",
            "4111 1111 1111 1111",
            "5500-0000-0000-0004",
            "Visa",
            "card",
            "routing",
            "ABA",
            "021000021",
            "Account No.",
            "acct #",
            "123456789012",
            "DOB:",
            "d.o.b.",
            "Date of Birth",
            "born on",
            "birthdate is",
            "12/31/1990",
            "1985-07-04",
            "Jan. 5, 1971",
            "September 12 2001",
            "jane.doe@agency.gov",
            "x@y.io",
            "@",
            "invoice",
            "lease",
            "FOIA request 1234",
            "-",
            " ",
            ",",
            ".",
            "\n",
            // Characters at the edges of the digit detectors' alphabets, and digits glued to letters.
            "(",
            ")",
            "+",
            "\t",
            "\u000B",
            "7",
            "2024",
            "A12",
            "1-",
            "\u2010",
            "\u0663");

    /** Fragments that trigger the detectors, in random case and order with noise between them. */
    private static String generatedText(Random random) {
        StringBuilder text = new StringBuilder();
        int fragments = 2 + random.nextInt(10);
        for (int f = 0; f < fragments; f++) {
            String fragment = FRAGMENTS.get(random.nextInt(FRAGMENTS.size()));
            text.append(random.nextBoolean() ? fragment : fragment.toUpperCase(Locale.ROOT));
            text.append(random.nextInt(4) == 0 ? "" : " ");
        }
        return text.toString();
    }
}

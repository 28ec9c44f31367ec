package io.recordflow.enrich.sensitivity;

import java.util.List;
import java.util.regex.Pattern;

/** The built-in detectors for U.S. personally identifiable information. */
public final class Detectors {
    private static final int CI = Pattern.CASE_INSENSITIVE;

    private Detectors() {}

    // The alphabets given to within(...) hold every character the pattern can match (\s is [ \t\n\x0B\f\r]).

    /** SSNs in the 3-2-4 form; area 000, 666 and 900-999, group 00 and serial 0000 are never issued. */
    public static Detector ssn() {
        return new PatternDetector(
                        "SSN",
                        Pattern.compile(
                                "(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}[- ](?!00)\\d{2}[- ](?!0000)\\d{4}(?![\\d-])"),
                        Pattern.compile("\\b(ssn|social security( number| no\\.?)?)\\b", CI),
                        false,
                        s -> true,
                        "social security number pattern",
                        PatternDetector.anyDigit())
                .within(PatternDetector.digitsAnd("- "));
    }

    /** North American phone numbers, with optional +1 and separators. */
    public static Detector phone() {
        return new PatternDetector(
                        "PHONE",
                        Pattern.compile(
                                "(?<![\\d-])(?:\\+?1[ .-]?)?(?:\\([2-9]\\d{2}\\)\\s?|[2-9]\\d{2}[ .-])[2-9]\\d{2}[ .-]\\d{4}(?![\\d-])"),
                        Pattern.compile("\\b(phone|tel|telephone|cell|mobile|fax)\\b", CI),
                        false,
                        s -> true,
                        "telephone number pattern",
                        PatternDetector.anyDigit())
                .within(PatternDetector.digitsAnd("+.-() \t\n\u000B\f\r"));
    }

    public static Detector email() {
        return new PatternDetector(
                "EMAIL",
                Pattern.compile("\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b"),
                null,
                false,
                s -> true,
                "e-mail address",
                PatternDetector.anyChar('@'));
    }

    /** A date only counts as a date of birth when labelled so ("DOB", "date of birth", "born"). */
    public static Detector dateOfBirth() {
        return new PatternDetector(
                "DATE_OF_BIRTH",
                Pattern.compile(
                        "\\b(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:19|20)\\d{2}|(?:19|20)\\d{2}-\\d{2}-\\d{2}"
                                + "|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.? \\d{1,2},? (?:19|20)\\d{2})\\b",
                        CI),
                Pattern.compile(
                        "\\b(dob|d\\.o\\.b\\.|date of birth|birth ?date|born( on)?)\\b[\\s:,-]{0,5}(is\\s+)?$", CI),
                true,
                s -> true,
                "date labelled as date of birth",
                PatternDetector.anyWord("dob", "d.o.b.", "date of birth", "birthdate", "birth date", "born"));
    }

    /** Payment card numbers: 13-19 digits in groups, a known issuer prefix and a valid Luhn check digit. */
    public static Detector cardNumber() {
        return new PatternDetector(
                        "CARD_NUMBER",
                        Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])"),
                        Pattern.compile("\\b(card|visa|mastercard|amex|credit|debit)\\b", CI),
                        false,
                        s -> {
                            String digits = Checksums.digitsOnly(s);
                            return digits.matches(
                                            "(4\\d{12}(\\d{3})?(\\d{3})?|5[1-5]\\d{14}|2[2-7]\\d{14}|3[47]\\d{13}|6(011|5\\d\\d)\\d{12,15})")
                                    && Checksums.luhn(digits);
                        },
                        "payment card number (Luhn valid)",
                        PatternDetector.anyDigit())
                .within(PatternDetector.digitsAnd("- "));
    }

    /** ABA routing numbers (valid checksum) and account numbers, both only next to a banking label. */
    public static Detector bankAccount() {
        return new PatternDetector(
                        "BANK_ACCOUNT",
                        Pattern.compile("(?<![\\d-])\\d{9}(?![\\d-])"),
                        Pattern.compile("\\b(routing|aba|rtn)\\b", CI),
                        true,
                        s -> Checksums.abaRouting(s),
                        "bank routing number (ABA checksum valid)",
                        PatternDetector.anyWord("routing", "aba", "rtn"))
                .within(PatternDetector.digitsAnd(""));
    }

    public static Detector bankAccountNumber() {
        return new PatternDetector(
                        "BANK_ACCOUNT",
                        Pattern.compile("(?<![\\d-])\\d{6,17}(?![\\d-])"),
                        Pattern.compile("\\b(account|acct)\\.?\\s*(number|no\\.?|#)?\\s*:?\\s*$", CI),
                        true,
                        s -> true,
                        "bank account number, labelled",
                        PatternDetector.anyWord("account", "acct"))
                .within(PatternDetector.digitsAnd(""));
    }

    /** All detectors, most specific first: earlier ones win when spans overlap. */
    public static List<Detector> all() {
        return List.of(cardNumber(), ssn(), bankAccount(), bankAccountNumber(), dateOfBirth(), email(), phone());
    }
}

package io.recordflow.enrich.sensitivity;

/** Check-digit algorithms that separate real card and routing numbers from arbitrary digit runs. */
final class Checksums {
    private Checksums() {}

    /** Luhn (mod 10) check used by payment card numbers. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /** ABA routing transit number check (weights 3, 7, 1). */
    static boolean abaRouting(String digits) {
        if (digits.length() != 9) {
            return false;
        }
        int[] weights = {3, 7, 1, 3, 7, 1, 3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        return sum != 0 && sum % 10 == 0;
    }

    static String digitsOnly(String s) {
        return s.replaceAll("\\D", "");
    }
}

package io.recordflow.app.dlq;

import io.recordflow.records.DeadLetter;
import io.recordflow.records.Stage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One {@code --filter KEY=VALUE} condition on dead letters: {@code stage=ENRICH}, {@code errorClass=Timeout}
 * (case-insensitive substring of the error class), {@code topic=records.ingested.v1} (source topic),
 * {@code recordId=...}, {@code since=2026-05-01T00:00:00Z|2026-05-01|PT6H|24h|7d} (failed at or after).
 */
public record DeadLetterFilter(String key, String value, Predicate<DeadLetter> predicate)
        implements Predicate<DeadLetter> {

    /** The accepted keys, for help and error messages. */
    public static final List<String> KEYS = List.of("stage", "errorClass", "topic", "recordId", "since");

    @Override
    public boolean test(DeadLetter deadLetter) {
        return predicate.test(deadLetter);
    }

    /** Parses {@code KEY=VALUE}; throws IllegalArgumentException naming what is wrong. */
    public static DeadLetterFilter parse(String text, Instant now) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("filter '" + text + "' is not KEY=VALUE with KEY one of " + KEYS);
        }
        String key = text.substring(0, eq).trim();
        String value = text.substring(eq + 1).trim();
        return new DeadLetterFilter(key, value, predicate(key, value, now));
    }

    private static Predicate<DeadLetter> predicate(String key, String value, Instant now) {
        switch (key.toLowerCase(Locale.ROOT)) {
            case "stage" -> {
                Stage stage = stage(value);
                return d -> d.getStage() == stage;
            }
            case "errorclass" -> {
                String needle = value.toLowerCase(Locale.ROOT);
                return d -> d.getErrorClass().toLowerCase(Locale.ROOT).contains(needle);
            }
            case "topic" -> {
                return d -> value.equals(d.getSourceTopic());
            }
            case "recordid" -> {
                return d -> value.equals(d.getRecordId());
            }
            case "since" -> {
                Instant since = since(value, now);
                return d -> !d.getFailedAt().isBefore(since);
            }
            default -> throw new IllegalArgumentException("unknown filter key '" + key + "': use one of " + KEYS);
        }
    }

    private static Stage stage(String value) {
        try {
            return Stage.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown stage '" + value + "': use one of "
                            + Arrays.stream(Stage.values()).map(Enum::name).collect(Collectors.joining(", ")),
                    e);
        }
    }

    /** An instant, a UTC date, an ISO duration (PT6H, P7D) or a short one (30m, 24h, 7d) before now. */
    static Instant since(String value, Instant now) {
        try {
            if (value.matches("\\d+[smhd]")) {
                long amount = Long.parseLong(value.substring(0, value.length() - 1));
                Duration unit = switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(1);
                    case 'm' -> Duration.ofMinutes(1);
                    case 'h' -> Duration.ofHours(1);
                    default -> Duration.ofDays(1);
                };
                return now.minus(unit.multipliedBy(amount));
            }
            if (value.startsWith("P") || value.startsWith("p")) {
                return now.minus(Duration.parse(value));
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "since='" + value + "' is not an instant (2026-05-01T12:00:00Z), "
                            + "a date (2026-05-01) or a duration (PT6H, 24h, 7d)",
                    e);
        }
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}

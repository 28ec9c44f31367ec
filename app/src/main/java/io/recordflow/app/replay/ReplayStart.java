package io.recordflow.app.replay;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Where a replay starts on every partition: the earliest retained record, an offset, or the first record at or after a time. */
public record ReplayStart(Kind kind, long offset, Instant timestamp) {

    /** The three ways of naming a start. */
    public enum Kind {
        EARLIEST,
        OFFSET,
        TIMESTAMP
    }

    /** Parses {@code earliest}, a non-negative offset, or an ISO-8601 instant ({@code 2026-05-01T10:00:00Z}, {@code +02:00} offsets too). */
    public static ReplayStart parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.equalsIgnoreCase("earliest")) {
            return new ReplayStart(Kind.EARLIEST, -1, null);
        }
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            return new ReplayStart(Kind.OFFSET, Long.parseLong(value), null);
        }
        return new ReplayStart(Kind.TIMESTAMP, -1, parseInstant(value));
    }

    /** An ISO-8601 instant with Z or a UTC offset. */
    public static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("'" + value
                        + "' is not 'earliest', an offset or an ISO-8601 timestamp " + "such as 2026-05-01T10:00:00Z");
            }
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EARLIEST -> "earliest";
            case OFFSET -> "offset " + offset;
            case TIMESTAMP -> timestamp.toString();
        };
    }
}

package io.recordflow.app.console.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a console user may do; each role may do everything the roles before it may. */
public enum Role {
    /** Reads the queue, records, status and dead letters; sensitive values stay hidden. */
    VIEWER,
    /** Also decides records awaiting review and sees sensitive values. */
    REVIEWER,
    /** Also redrives dead letters. */
    OPERATOR;

    /** True when this role may do what {@code required} may. */
    public boolean allows(Role required) {
        return compareTo(required) >= 0;
    }

    /** Lower-case name, as written in the users file and shown on pages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code name} (any case). */
    public static Role parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown role '" + name + "': choose one of "
                            + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")),
                    e);
        }
    }
}

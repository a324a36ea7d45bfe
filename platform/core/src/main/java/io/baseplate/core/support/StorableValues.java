package io.baseplate.core.support;

import java.time.Instant;

/**
 * What every database the platform runs on can store and compare, so input outside it is refused as a
 * client's mistake (400) before a query, rather than failing in the driver (PostgreSQL rejects a NUL in a
 * string and a timestamp past the year 294276; H2 takes both).
 */
public final class StorableValues {

    /** The first and last instants a request may name: years 1 to 9999, as ISO-8601 writes them without a sign. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private StorableValues() {
    }

    public static boolean isStorable(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** Whether the text holds no control character (NUL included), which no id, name or filter needs. */
    public static boolean isPrintable(String text) {
        return text.chars().noneMatch(Character::isISOControl);
    }
}

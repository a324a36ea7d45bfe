package io.baseplate.core.internal.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The current time at the precision the database stores, so a fresh entity reads the same as a reloaded one. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

package io.baseplate.audit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import io.baseplate.core.support.StorableValues;

/**
 * Where a page of the trail ended: the (AT, ID) of its last, oldest entry. Sent to clients as an opaque
 * token (URL-safe Base64 of {@code <epoch microseconds>.<id>}); the next page holds the entries
 * strictly older in (AT, ID) order, so concurrent inserts never make a walk repeat or skip an entry
 * that existed when it began.
 *
 * @param at the entry's time, at the stored precision (microseconds)
 * @param id the entry's id
 */
record AuditCursor(Instant at, String id) {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int MAX_TOKEN = 100;

    String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + "." + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a token names; empty when the token is not one this class wrote. */
    static Optional<AuditCursor> decode(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || !ID.matcher(text.substring(dot + 1)).matches()) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(text.substring(0, dot));
            Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            return StorableValues.isStorable(at) ? Optional.of(new AuditCursor(at, text.substring(dot + 1))) : Optional.empty();
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException notATime) {
            return Optional.empty();
        }
    }
}

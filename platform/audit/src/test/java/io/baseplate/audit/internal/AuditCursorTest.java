package io.baseplate.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AuditCursorTest {

    @Test
    void roundTripsTimeAndId() {
        AuditCursor cursor = new AuditCursor(Instant.parse("2026-11-26T14:30:55.123456Z"), UUID.randomUUID().toString());
        String token = cursor.encode();
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
        assertEquals(cursor, AuditCursor.decode(token).orElseThrow());
    }

    @Test
    void roundTripsTimesBeforeTheEpoch() {
        AuditCursor cursor = new AuditCursor(Instant.parse("1969-12-31T23:59:59.999999Z"), UUID.randomUUID().toString());
        assertEquals(cursor, AuditCursor.decode(cursor.encode()).orElseThrow());
    }

    @Test
    void refusesTokensItDidNotWrite() {
        assertFalse(AuditCursor.decode("").isPresent());
        assertFalse(AuditCursor.decode("not base64!").isPresent());
        assertFalse(AuditCursor.decode(token("12345")).isPresent());
        assertFalse(AuditCursor.decode(token("abc." + UUID.randomUUID())).isPresent());
        assertFalse(AuditCursor.decode(token("12345.' OR 1=1 --")).isPresent());
        assertFalse(AuditCursor.decode(token("99999999999999999999999." + UUID.randomUUID())).isPresent());
        assertFalse(AuditCursor.decode("A".repeat(500)).isPresent());
    }

    private static String token(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}

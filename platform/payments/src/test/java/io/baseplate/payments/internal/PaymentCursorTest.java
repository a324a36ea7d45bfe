package io.baseplate.payments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.baseplate.api.domain.DomainException;

class PaymentCursorTest {

    @Test
    void aCursorReadsBackAsThePositionItWasMadeOf() {
        PaymentCursor cursor = new PaymentCursor(Instant.parse("2026-11-27T04:00:00.123456Z"), "01a21b21-ac61-7530");

        assertEquals(cursor, PaymentCursor.parse(cursor.toCursor()));
    }

    @Test
    void aForgedCursorIsInvalidNotADatabaseError() {
        for (String forged : new String[] {"garbage", "/id", "2026-13-01T00:00:00Z/id", "+1000000000-01-01T00:00:00Z/id"}) {
            DomainException refused = assertThrows(DomainException.class, () -> PaymentCursor.parse(forged), forged);
            assertEquals(DomainException.Kind.INVALID, refused.kind(), forged);
        }
    }
}

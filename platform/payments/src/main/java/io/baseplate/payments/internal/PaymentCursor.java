package io.baseplate.payments.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.baseplate.api.domain.DomainException;
import io.baseplate.core.support.StorableValues;

/** Where a page of the payment list ended: the last payment's creation time and id. Opaque to clients. */
record PaymentCursor(Instant createdAt, String id) {

    private static final char SEPARATOR = '/';

    String toCursor() {
        return createdAt + String.valueOf(SEPARATOR) + id;
    }

    static PaymentCursor parse(String cursor) {
        int separator = cursor.indexOf(SEPARATOR);
        if (separator < 1) {
            throw DomainException.invalid("cursor is not one this API issued");
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(cursor.substring(0, separator));
        } catch (DateTimeParseException e) {
            throw DomainException.invalid("cursor is not one this API issued");
        }
        // A forged cursor must not reach the database with an instant it cannot store.
        if (!StorableValues.isStorable(createdAt)) {
            throw DomainException.invalid("cursor is not one this API issued");
        }
        return new PaymentCursor(createdAt, cursor.substring(separator + 1));
    }
}

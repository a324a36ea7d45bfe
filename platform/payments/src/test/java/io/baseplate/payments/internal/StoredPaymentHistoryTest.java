package io.baseplate.payments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.payment.history.PaymentPage;
import io.baseplate.api.payment.history.PaymentRecord;
import io.baseplate.core.testing.TestDatabase;

/** A tenant's payments of a range, oldest first, in pages that neither skip nor repeat a payment. */
class StoredPaymentHistoryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private TestDatabase database;
    private StoredPaymentHistory history;

    @BeforeEach
    void setUp() throws SQLException {
        database = TestDatabase.inMemory();
        history = new StoredPaymentHistory(database.persistence(PaymentEntity.class));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void pagesWalkTheRangeInCreatedOrderIncludingPaymentsOfTheSameInstant() throws SQLException {
        insert("acme", "p-3", T0.plusSeconds(20), "order-3");
        insert("acme", "p-1", T0, "order-1");
        insert("acme", "p-2b", T0.plusSeconds(10), null);
        insert("acme", "p-2a", T0.plusSeconds(10), "order-2a");
        insert("acme", "p-before", T0.minusNanos(1000), "early");
        insert("acme", "p-end", T0.plusSeconds(30), "the end is exclusive");
        insert("other", "p-other", T0.plusSeconds(5), "another tenant's");

        List<String> ids = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            PaymentPage page = history.created("acme", T0, T0.plusSeconds(30), cursor, 2);
            page.payments().forEach(payment -> ids.add(payment.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertEquals(List.of("p-1", "p-2a", "p-2b", "p-3"), ids);
        assertEquals(2, pages, "a full last page ends the walk when nothing follows it");
    }

    @Test
    void aRecordCarriesWhatTheTenantStored() throws SQLException {
        insert("acme", "p-1", T0.plusSeconds(1), "=order");

        PaymentPage page = history.created("acme", T0, T0.plusSeconds(2), null, 10);

        assertEquals(List.of(new PaymentRecord("p-1", T0.plusSeconds(1), 1999, "USD", "CAPTURED", "stripe", "=order")),
                page.payments());
        assertNull(page.nextCursor());
    }

    @Test
    void anEmptyRangeHasOneEmptyPage() {
        PaymentPage page = history.created("acme", T0, T0.plusSeconds(1), null, 10);
        assertEquals(List.of(), page.payments());
        assertNull(page.nextCursor());
    }

    @Test
    void invalidRangesPageSizesAndCursorsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> history.created("acme", T0, T0, null, 10));
        assertThrows(IllegalArgumentException.class, () -> history.created("acme", T0, T0.plusSeconds(1), null, 0));
        assertThrows(IllegalArgumentException.class, () -> history.created("acme", T0, T0.plusSeconds(1), "garbage", 10));
        assertThrows(IllegalArgumentException.class, () -> history.created("acme", T0, T0.plusSeconds(1), "yesterday/p-1", 10));
    }

    private void insert(String tenantId, String id, Instant createdAt, String reference) throws SQLException {
        try (var connection = database.dataSource().getConnection();
             var insert = connection.prepareStatement("INSERT INTO PAYMENTS (ID, TENANT_ID, IDEMPOTENCY_KEY, "
                     + "REQUEST_FINGERPRINT, AMOUNT, CURRENCY, REFERENCE, GATEWAY, STATUS, CREATED_AT, UPDATED_AT) "
                     + "VALUES (?, ?, ?, 'fingerprint', 1999, 'USD', ?, 'stripe', 'CAPTURED', ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, tenantId);
            insert.setString(3, "key-" + id);
            insert.setString(4, reference);
            insert.setTimestamp(5, Timestamp.from(createdAt));
            insert.setTimestamp(6, Timestamp.from(createdAt));
            insert.executeUpdate();
        }
    }
}

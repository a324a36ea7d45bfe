package io.baseplate.payments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.baseplate.core.testing.TestDatabase;
import io.baseplate.api.persistence.Persistence;

/** A payment left PENDING by a crashed process becomes UNKNOWN at start, and its key answers with that state. */
class InterruptedPaymentRecoveryTest {

    private static final PaymentService.NewPayment REQUEST =
            new PaymentService.NewPayment(49900, "INR", "order-1", "tok_ok");

    private final List<Event> posted = new CopyOnWriteArrayList<>();
    private final EventAdmin events = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }
    };
    private TestDatabase database;
    private Persistence persistence;

    @BeforeEach
    void setUp() throws SQLException {
        database = TestDatabase.inMemory();
        persistence = database.persistence(PaymentEntity.class);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aPaymentPendingSinceBeforeThisProcessBecomesUnknownAndItsKeyReplaysThatState() throws SQLException {
        insertPending("p-crashed", "key-crashed", Instant.now().minus(Duration.ofHours(1)));

        PaymentService payments = new PaymentService(persistence, new GatewayRouter(), events);

        PaymentService.PaymentView recovered = payments.find("acme", "p-crashed").orElseThrow();
        assertEquals(PaymentStatus.UNKNOWN, recovered.status());
        assertEquals(PaymentService.UNKNOWN_OUTCOME, recovered.failureReason());
        assertEquals(List.of("baseplate/payment/UNKNOWN"), posted.stream().map(Event::getTopic).toList());

        PaymentService.Result retry = payments.pay("acme", "key-crashed", REQUEST);
        assertTrue(retry.replayed(), "a retry of the key must be answered with the stored payment, not charge again");
        assertEquals("p-crashed", retry.payment().id());
        assertEquals(PaymentStatus.UNKNOWN, retry.payment().status());
    }

    @Test
    void aPaymentOfThisProcessStillBeingChargedIsLeftPending() throws SQLException {
        PaymentService payments = new PaymentService(persistence, new GatewayRouter(), events);
        insertPending("p-in-flight", "key-in-flight", Instant.now());

        payments.markInterruptedPaymentsUnknown(Instant.now().minus(Duration.ofMinutes(1)));

        assertEquals(PaymentStatus.PENDING, payments.find("acme", "p-in-flight").orElseThrow().status());
        assertTrue(posted.isEmpty());
    }

    private void insertPending(String id, String idempotencyKey, Instant updatedAt) throws SQLException {
        try (var connection = database.dataSource().getConnection();
             var insert = connection.prepareStatement("INSERT INTO PAYMENTS (ID, TENANT_ID, IDEMPOTENCY_KEY, "
                     + "REQUEST_FINGERPRINT, AMOUNT, CURRENCY, REFERENCE, GATEWAY, STATUS, CREATED_AT, UPDATED_AT) "
                     + "VALUES (?, 'acme', ?, ?, ?, ?, ?, 'razorpay', 'PENDING', ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, idempotencyKey);
            insert.setString(3, PaymentService.fingerprint(REQUEST));
            insert.setLong(4, REQUEST.amount());
            insert.setString(5, REQUEST.currency());
            insert.setString(6, REQUEST.reference());
            insert.setTimestamp(7, Timestamp.from(updatedAt));
            insert.setTimestamp(8, Timestamp.from(updatedAt));
            insert.executeUpdate();
        }
    }
}

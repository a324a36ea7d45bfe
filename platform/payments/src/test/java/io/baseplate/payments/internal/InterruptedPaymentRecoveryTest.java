package io.baseplate.payments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.api.outbox.OutboxWriter;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.core.testing.TestDatabase;

/** A payment left PENDING by a crashed process becomes UNKNOWN at start, and its key answers with that state. */
class InterruptedPaymentRecoveryTest {

    private static final PaymentService.NewPayment REQUEST =
            new PaymentService.NewPayment(49900, "INR", "order-1", "tok_ok");

    /** Topics published through the outbox, in the transactions that committed. */
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final Outbox outbox = new Outbox() {
        @Override
        public <T> T inTenant(Persistence unit, String tenantId, BiFunction<EntityManager, OutboxWriter, T> work) {
            List<String> topics = new ArrayList<>();
            T result = unit.inTenant(tenantId, em -> work.apply(em, new OutboxWriter() {
                @Override
                public String publish(String topic, String sourceId, Map<String, ?> properties) {
                    topics.add(topic);
                    return sourceId;
                }

                @Override
                public String submit(CommandRequest command) {
                    throw new UnsupportedOperationException("payments submit no commands");
                }

                @Override
                public String submitBatch(String name, List<CommandRequest> children) {
                    throw new UnsupportedOperationException("payments submit no commands");
                }
            }));
            posted.addAll(topics);
            return result;
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

        PaymentService payments = new PaymentService(persistence, new GatewayRouter(), outbox);

        PaymentService.PaymentView recovered = payments.find("acme", "p-crashed").orElseThrow();
        assertEquals(PaymentStatus.UNKNOWN, recovered.status());
        assertEquals(PaymentService.UNKNOWN_OUTCOME, recovered.failureReason());
        assertEquals(List.of("baseplate/payment/UNKNOWN"), posted);

        PaymentService.Result retry = payments.pay("acme", "key-crashed", REQUEST);
        assertTrue(retry.replayed(), "a retry of the key must be answered with the stored payment, not charge again");
        assertEquals("p-crashed", retry.payment().id());
        assertEquals(PaymentStatus.UNKNOWN, retry.payment().status());
    }

    @Test
    void aPaymentOfThisProcessStillBeingChargedIsLeftPending() throws SQLException {
        PaymentService payments = new PaymentService(persistence, new GatewayRouter(), outbox);
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

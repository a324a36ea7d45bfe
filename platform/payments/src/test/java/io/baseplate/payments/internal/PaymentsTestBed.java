package io.baseplate.payments.internal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.payment.Operation;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.core.testing.RecordingOutbox;
import io.baseplate.core.testing.TestDatabase;

/**
 * The payments module as the platform wires it, over a migrated in-memory H2 database: the real
 * {@link PaymentService}, {@link TenantGateways}, {@link CredentialCipher} and {@link CircuitBreakers}, a
 * {@link TestGatewayRegistry} and a {@link RecordingOutbox}.
 */
final class PaymentsTestBed implements AutoCloseable {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {

        private volatile Instant now = Instant.parse("2026-11-27T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final int BREAKER_THRESHOLD = 5;
    static final Duration BREAKER_OPEN_FOR = Duration.ofSeconds(30);

    final TestDatabase database;
    final Persistence persistence;
    final TestGatewayRegistry registry = new TestGatewayRegistry();
    final byte[] masterKey = new byte[32];
    final CredentialCipher cipher;
    final TenantGateways gateways;
    final RecordingOutbox outbox = new RecordingOutbox();
    final ManualClock clock = new ManualClock();
    final PaymentService payments;

    PaymentsTestBed() throws SQLException {
        database = TestDatabase.inMemory();
        persistence = database.persistence(PaymentEntity.class, PaymentTransactionEntity.class,
                PaymentAttemptEntity.class, GatewaySettingEntity.class, PaymentRouteEntity.class,
                WebhookEventEntity.class);
        new SecureRandom().nextBytes(masterKey);
        cipher = new CredentialCipher(masterKey);
        gateways = new TenantGateways(persistence, registry, cipher);
        payments = new PaymentService(persistence, gateways, outbox,
                new CircuitBreakers(BREAKER_THRESHOLD, BREAKER_OPEN_FOR, clock));
    }

    PaymentsTestBed install(String id, PaymentGateway gateway) {
        registry.install(id, gateway);
        return this;
    }

    /** Enables the gateways for the tenant in sandbox mode, in this order. */
    void enableSandbox(String tenantId, String... gatewayIds) {
        for (String gatewayId : gatewayIds) {
            gateways.change(tenantId, gatewayId, new TenantGateways.SettingChange(true, TenantGateways.SANDBOX, null, null));
        }
    }

    /** Enables the gateway for the tenant in live mode, with the provider account's credentials. */
    void enableLive(String tenantId, String gatewayId, Map<String, String> credentials, String webhookSecret) {
        gateways.change(tenantId, gatewayId, new TenantGateways.SettingChange(true, TenantGateways.LIVE, credentials,
                webhookSecret));
    }

    /** The idempotency key the platform sends to the provider for an attempt (from 1) of a transaction. */
    static String providerKey(PaymentService.TransactionView transaction, int attempt) {
        return "bp-" + transaction.id() + "-" + attempt;
    }

    /** A payment's operations of one kind, oldest first. */
    static List<PaymentService.TransactionView> transactionsOf(PaymentService.PaymentView payment, Operation kind) {
        return payment.transactions().stream().filter(t -> t.kind() == kind).toList();
    }

    /** The janitor commands submitted for a payment. */
    List<CommandRequest> resolutionsOf(String paymentId) {
        return outbox.submitted.stream().filter(c -> c.type().equals(ResolvePaymentHandler.TYPE)
                && paymentId.equals(c.payload().get(ResolvePaymentHandler.PAYMENT_ID))).toList();
    }

    /** The rows of a query, each as column name to value. */
    List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.put(result.getMetaData().getColumnName(i), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}

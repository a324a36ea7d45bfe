package io.baseplate.payments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.domain.DomainException;
import io.baseplate.api.payment.GatewayException;
import io.baseplate.api.payment.GatewayResult;
import io.baseplate.api.payment.Money;
import io.baseplate.api.payment.Operation;
import io.baseplate.api.payment.SandboxProcessor;

/**
 * The payment state machine over sandbox-backed test gateways and a real database, with the tenant's gateways
 * in sandbox mode; {@link LivePaymentServiceTest} runs every test again in live mode.
 */
class PaymentServiceTest {

    private static final String ACME = "acme";

    private PaymentsTestBed bed;
    private PaymentService payments;
    private TestGateway alpha;
    private TestGateway beta;

    @BeforeEach
    void setUp() throws SQLException {
        alpha = new TestGateway("alpha");
        beta = new TestGateway("beta");
        bed = new PaymentsTestBed().install("alpha", alpha).install("beta", beta);
        enable(bed, ACME, "alpha", "beta");
        payments = bed.payments;
    }

    /** Enables the gateways for the tenant, in this order, in the mode under test. */
    void enable(PaymentsTestBed testBed, String tenantId, String... gatewayIds) {
        testBed.enableSandbox(tenantId, gatewayIds);
    }

    boolean live() {
        return false;
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    // ------------------------------------------------------------ authorize, capture, void, refund

    @Test
    void anAuthorizationThatCapturesEndsCapturedWithOneTransactionAndOneAttempt() {
        PaymentService.Result result = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true);

        PaymentService.PaymentView payment = result.payment();
        assertFalse(result.replayed());
        assertEquals(PaymentStatus.CAPTURED, payment.status());
        assertEquals("alpha", payment.gateway());
        assertEquals(10_000, payment.authorizedAmount());
        assertEquals(10_000, payment.capturedAmount());
        assertNull(payment.failureReason());
        PaymentService.PaymentView stored = payments.find(ACME, payment.id()).orElseThrow();
        assertEquals(1, stored.transactions().size());
        PaymentService.TransactionView authorization = stored.transactions().get(0);
        assertEquals(Operation.AUTHORIZE, authorization.kind());
        assertEquals(TransactionStatus.SUCCEEDED, authorization.status());
        assertEquals(1, authorization.attempts().size());
        assertEquals(TransactionStatus.SUCCEEDED, authorization.attempts().get(0).status());
        assertEquals("alpha_sandbox_bp-" + authorization.id() + "-1", stored.providerReference());
        assertEquals(List.of("baseplate/payment/PENDING", "baseplate/payment/CAPTURED"),
                bed.outbox.topicsOf(payment.id()));
        assertEquals(0, beta.authorizeCalls());
    }

    @Test
    void anAuthorizationIsCapturedLaterInPart() {
        PaymentService.PaymentView authorized = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, false).payment();
        assertEquals(PaymentStatus.AUTHORIZED, authorized.status());
        assertEquals(10_000, authorized.authorizedAmount());
        assertEquals(0, authorized.capturedAmount());
        assertFalse(alpha.authorizations.get(0).capture());

        PaymentService.PaymentView captured = payments.capture(ACME, authorized.id(), "cap-1", 6_000L).payment();

        assertEquals(PaymentStatus.CAPTURED, captured.status());
        assertEquals(6_000, captured.capturedAmount());
        assertEquals(10_000, captured.authorizedAmount());
        assertEquals(new Money(6_000, "USD"), alpha.captures.get(0).amount());
        assertEquals(authorized.providerReference(), alpha.captures.get(0).providerReference());
        assertEquals(List.of(Operation.AUTHORIZE, Operation.CAPTURE),
                captured.transactions().stream().map(PaymentService.TransactionView::kind).toList());
    }

    @Test
    void capturingMoreThanWasAuthorizedIsRejected() {
        String id = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, false).payment().id();

        DomainException e = assertThrows(DomainException.class, () -> payments.capture(ACME, id, "cap-1", 10_001L));

        assertEquals(DomainException.Kind.REJECTED, e.kind());
        assertEquals(0, alpha.captures.size());
        assertEquals(PaymentStatus.AUTHORIZED, payments.find(ACME, id).orElseThrow().status());
    }

    @Test
    void aVoidedPaymentCannotBeCaptured() {
        String id = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, false).payment().id();
        assertEquals(PaymentStatus.VOIDED, payments.voidAuthorization(ACME, id, "void-1").payment().status());

        DomainException e = assertThrows(DomainException.class, () -> payments.capture(ACME, id, "cap-1", null));

        assertEquals(DomainException.Kind.CONFLICT, e.kind());
        assertEquals(1, alpha.voids.get());
        assertEquals(0, alpha.captures.size());
    }

    @Test
    void refundsAddUpToTheCapturedAmountAndNoFurther() {
        String id = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true).payment().id();

        PaymentService.PaymentView first = payments.refund(ACME, id, "refund-1", 3_000L).payment();
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, first.status());
        assertEquals(3_000, first.refundedAmount());
        PaymentService.PaymentView second = payments.refund(ACME, id, "refund-2", 3_000L).payment();
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, second.status());
        assertEquals(6_000, second.refundedAmount());

        DomainException tooMuch = assertThrows(DomainException.class,
                () -> payments.refund(ACME, id, "refund-3", 4_001L));
        assertEquals(DomainException.Kind.REJECTED, tooMuch.kind());
        assertEquals(2, alpha.refunds.size());

        PaymentService.PaymentView rest = payments.refund(ACME, id, "refund-4", null).payment();
        assertEquals(PaymentStatus.REFUNDED, rest.status());
        assertEquals(10_000, rest.refundedAmount());
        assertEquals(new Money(4_000, "USD"), alpha.refunds.get(2).amount());
        assertEquals(DomainException.Kind.CONFLICT, assertThrows(DomainException.class,
                () -> payments.refund(ACME, id, "refund-5", 1L)).kind());
    }

    @Test
    void aRefundRepeatedWithItsKeyIsAnsweredAgainWithoutAnotherCall() {
        String id = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true).payment().id();
        payments.refund(ACME, id, "refund-1", 3_000L);

        PaymentService.Result again = payments.refund(ACME, id, "refund-1", 3_000L);

        assertTrue(again.replayed());
        assertEquals(3_000, again.payment().refundedAmount());
        assertEquals(1, alpha.refunds.size());
        assertEquals(DomainException.Kind.REJECTED, assertThrows(DomainException.class,
                () -> payments.refund(ACME, id, "refund-1", 2_000L)).kind());
    }

    // ------------------------------------------------------------ gateway outcomes and fallback

    @Test
    void aLiveGatewayIsCalledOnlyOnceItsAttemptIsStoredASandboxOneBeforeAnythingIsStored() {
        List<List<String>> storedAtCall = attemptStatusesAtEachCall(alpha, "alpha");

        PaymentService.PaymentView payment = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true).payment();

        assertEquals(PaymentStatus.CAPTURED, payment.status());
        if (live()) {
            assertEquals(List.of(TransactionStatus.PENDING.name()), storedAtCall.get(0),
                    "the attempt, with the key it sends, is committed before the provider can act on it");
            assertEquals(2, bed.outbox.commits.get(), "the attempt, then its outcome");
        } else {
            assertEquals(List.of(), storedAtCall.get(0), "a sandbox call acts on nothing outside: nothing to guard");
            assertEquals(1, bed.outbox.commits.get(), "the payment is stored once, with its outcome");
        }
        assertEquals(List.of("baseplate/payment/PENDING", "baseplate/payment/CAPTURED"),
                bed.outbox.topicsOf(payment.id()), "the same events in either mode");
        assertEquals(List.of(TransactionStatus.SUCCEEDED.name()),
                attemptStatuses(alpha.authorizations.get(0).idempotencyKey()));
    }

    @Test
    void aLiveFallbackAfterASandboxFailureIsStoredWithThatFailureBeforeItIsCalled() {
        bed.enableLive(ACME, "beta", Map.of("secretKey", "sk_test_beta"), "whsec_beta");
        alpha.unavailable();
        List<List<String>> storedAtCall = attemptStatusesAtEachCall(beta, "beta");

        PaymentService.PaymentView payment = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true).payment();

        assertEquals(PaymentStatus.CAPTURED, payment.status());
        assertEquals("beta", payment.gateway());
        assertEquals(List.of(TransactionStatus.PENDING.name()), storedAtCall.get(0));
        List<PaymentService.AttemptView> attempts =
                payments.find(ACME, payment.id()).orElseThrow().transactions().get(0).attempts();
        assertEquals(List.of(TransactionStatus.FAILED, TransactionStatus.SUCCEEDED),
                attempts.stream().map(PaymentService.AttemptView::status).toList());
    }

    @Test
    void aDeclineIsFinalAndNoOtherGatewayIsTried() {
        PaymentService.PaymentView payment = pay("key-1", 10_000, "USD", SandboxProcessor.DECLINE, true).payment();

        assertEquals(PaymentStatus.DECLINED, payment.status());
        assertEquals("card_declined", payment.failureCode());
        assertEquals("alpha", payment.gateway());
        assertEquals(1, alpha.authorizeCalls());
        assertEquals(0, beta.authorizeCalls());
        assertEquals(TransactionStatus.DECLINED, payment.transactions().get(0).status());
    }

    @Test
    void aRetryableFailureFallsBackToTheNextGateway() {
        alpha.unavailable();

        PaymentService.PaymentView payment = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true).payment();

        assertEquals(PaymentStatus.CAPTURED, payment.status());
        assertEquals("beta", payment.gateway());
        List<PaymentService.AttemptView> attempts =
                payments.find(ACME, payment.id()).orElseThrow().transactions().get(0).attempts();
        assertEquals(List.of("alpha", "beta"), attempts.stream().map(PaymentService.AttemptView::gateway).toList());
        assertEquals(TransactionStatus.FAILED, attempts.get(0).status());
        assertEquals("503", attempts.get(0).errorCode());
        assertEquals(TransactionStatus.SUCCEEDED, attempts.get(1).status());
        assertFalse(alpha.authorizations.get(0).idempotencyKey().equals(beta.authorizations.get(0).idempotencyKey()),
                "each attempt sends its own provider key");
    }

    @Test
    void whenEveryGatewayIsUnavailableThePaymentFailsWithNothingCharged() {
        alpha.unavailable();
        beta.unavailable();

        PaymentService.PaymentView payment = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true).payment();

        assertEquals(PaymentStatus.FAILED, payment.status());
        assertEquals("503", payment.failureCode());
        assertTrue(payment.failureReason().startsWith(PaymentService.ALL_GATEWAYS_FAILED), payment.failureReason());
    }

    @Test
    void anUnknownOutcomeIsKeptUnknownAskedAboutByTheJanitorAndNeverRetriedElsewhere() {
        PaymentService.PaymentView payment = pay("key-1", 10_000, "USD", SandboxProcessor.TIMEOUT, true).payment();

        assertEquals(PaymentStatus.UNKNOWN, payment.status());
        assertEquals(PaymentService.UNKNOWN_OUTCOME, payment.failureReason());
        assertEquals(0, beta.authorizeCalls(), "another gateway must not charge what the first may have charged");
        List<CommandRequest> janitor = bed.resolutionsOf(payment.id());
        assertEquals(1, janitor.size());
        assertEquals(ACME, janitor.get(0).tenantId());
        assertEquals(Map.of(ResolvePaymentHandler.PAYMENT_ID, payment.id()), janitor.get(0).payload());

        assertFalse(payments.resolve(ACME, payment.id()), "the provider's answer settles it");

        PaymentService.PaymentView resolved = payments.find(ACME, payment.id()).orElseThrow();
        assertEquals(PaymentStatus.CAPTURED, resolved.status());
        assertEquals(10_000, resolved.capturedAmount());
        assertNull(resolved.failureReason());
        assertEquals(1, alpha.authorizeCalls());
        assertEquals(alpha.authorizations.get(0).idempotencyKey(), alpha.statusQuestions.get(0).idempotencyKey(),
                "the janitor asks with the key the authorization was sent with");
        assertEquals(TransactionStatus.SUCCEEDED, resolved.transactions().get(0).attempts().get(0).status());
    }

    @Test
    void theSameIdempotencyKeyReplaysThePaymentWithoutCallingTheGatewayAgain() {
        PaymentService.Result first = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true);

        PaymentService.Result again = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true);

        assertTrue(again.replayed());
        assertEquals(first.payment().id(), again.payment().id());
        assertEquals(PaymentStatus.CAPTURED, again.payment().status());
        assertEquals(1, alpha.authorizeCalls());
        assertEquals(1, payments.list(ACME, null, null, null, 10).payments().size());
    }

    @Test
    void aDifferentRequestUnderAUsedKeyIsRejected() {
        pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true);

        DomainException e = assertThrows(DomainException.class,
                () -> pay("key-1", 10_001, "USD", SandboxProcessor.APPROVE, true));

        assertEquals(DomainException.Kind.REJECTED, e.kind());
        assertEquals(1, alpha.authorizeCalls());
    }

    @Test
    void aGatewayThatThrowsAnErrorLeavesTheOutcomeUnknown() {
        alpha.authorizingWith(request -> {
            throw new AssertionError("a plugin bug after the request was sent");
        });

        PaymentService.PaymentView payment = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true).payment();

        assertEquals(PaymentStatus.UNKNOWN, payment.status());
        assertEquals(0, beta.authorizeCalls());
        assertEquals(1, bed.resolutionsOf(payment.id()).size());
        PaymentService.AttemptView attempt = payments.find(ACME, payment.id()).orElseThrow()
                .transactions().get(0).attempts().get(0);
        assertEquals(TransactionStatus.UNKNOWN, attempt.status());
        assertFalse(attempt.message().contains("AssertionError"), attempt.message());
    }

    @Test
    void aLongProviderMessageIsStoredCutToItsColumn() throws SQLException {
        String essay = "x".repeat(5_000);
        alpha.authorizingWith(request -> GatewayResult.declined("ref-1", "c".repeat(300), essay));

        PaymentService.PaymentView payment = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true).payment();

        assertEquals(PaymentStatus.DECLINED, payment.status());
        String transactionId = payment.transactions().get(0).id();
        List<Map<String, Object>> rows = bed.rows(
                "SELECT MESSAGE, ERROR_CODE FROM PAYMENT_ATTEMPTS WHERE TRANSACTION_ID = '" + transactionId + "'");
        assertEquals(1, rows.size());
        String message = (String) rows.get(0).get("MESSAGE");
        assertEquals(500, message.length());
        assertTrue(message.startsWith("xxxx"));
        assertEquals(100, ((String) rows.get(0).get("ERROR_CODE")).length());
        assertTrue(payment.failureReason().length() <= 500);
    }

    @Test
    void theCircuitOpensAfterFiveRetryableFailuresAndLetsACallThroughAfterItsOpenTime() {
        alpha.unavailable();
        for (int i = 1; i <= PaymentsTestBed.BREAKER_THRESHOLD; i++) {
            PaymentService.PaymentView payment = pay("key-" + i, 1_000, "USD", SandboxProcessor.APPROVE, true).payment();
            assertEquals("beta", payment.gateway());
            assertEquals(2, payment.transactions().get(0).attempts().size());
        }
        assertEquals(PaymentsTestBed.BREAKER_THRESHOLD, alpha.authorizeCalls());

        PaymentService.PaymentView skipping = pay("key-open", 1_000, "USD", SandboxProcessor.APPROVE, true).payment();
        assertEquals(PaymentsTestBed.BREAKER_THRESHOLD, alpha.authorizeCalls(), "an open circuit is not called");
        assertEquals(List.of("beta"), skipping.transactions().get(0).attempts().stream()
                .map(PaymentService.AttemptView::gateway).toList());
        assertEquals(PaymentStatus.CAPTURED, skipping.status());

        bed.clock.advance(PaymentsTestBed.BREAKER_OPEN_FOR.minusSeconds(1));
        pay("key-still-open", 1_000, "USD", SandboxProcessor.APPROVE, true);
        assertEquals(PaymentsTestBed.BREAKER_THRESHOLD, alpha.authorizeCalls());

        alpha.authorizingAsSandbox();
        bed.clock.advance(Duration.ofSeconds(2));
        PaymentService.PaymentView trial = pay("key-trial", 1_000, "USD", SandboxProcessor.APPROVE, true).payment();
        assertEquals(PaymentsTestBed.BREAKER_THRESHOLD + 1, alpha.authorizeCalls());
        assertEquals("alpha", trial.gateway());
        pay("key-closed", 1_000, "USD", SandboxProcessor.APPROVE, true);
        assertEquals(PaymentsTestBed.BREAKER_THRESHOLD + 2, alpha.authorizeCalls(), "a successful trial closes it");
    }

    @Test
    void aHalfOpenTrialThatIsRejectedDoesNotShutTheGatewayOutForever() {
        alpha.unavailable();
        for (int i = 1; i <= PaymentsTestBed.BREAKER_THRESHOLD; i++) {
            pay("key-" + i, 1_000, "USD", SandboxProcessor.APPROVE, true);
        }
        bed.clock.advance(PaymentsTestBed.BREAKER_OPEN_FOR.plusSeconds(1));
        alpha.authorizingWith(request -> {
            throw new GatewayException(GatewayException.Kind.REJECTED, "invalid_request", "Invalid card token");
        });
        PaymentService.PaymentView trial = pay("key-trial", 1_000, "USD", SandboxProcessor.APPROVE, true).payment();
        assertEquals(PaymentStatus.FAILED, trial.status(), "a rejected request is final");
        assertEquals(PaymentsTestBed.BREAKER_THRESHOLD + 1, alpha.authorizeCalls());

        alpha.authorizingAsSandbox();
        bed.clock.advance(PaymentsTestBed.BREAKER_OPEN_FOR.multipliedBy(10));
        PaymentService.PaymentView later = pay("key-later", 1_000, "USD", SandboxProcessor.APPROVE, true).payment();

        assertEquals(PaymentsTestBed.BREAKER_THRESHOLD + 2, alpha.authorizeCalls(),
                "the provider answered the trial, so the circuit must not stay half open with its trial 'in flight'");
        assertEquals("alpha", later.gateway());
    }

    @Test
    void circuitsAreKeptPerTenant() {
        enable(bed, "globex", "alpha");
        alpha.unavailable();
        for (int i = 1; i <= PaymentsTestBed.BREAKER_THRESHOLD; i++) {
            pay("key-" + i, 1_000, "USD", SandboxProcessor.APPROVE, true);
        }
        alpha.authorizingAsSandbox();

        PaymentService.PaymentView other = payments.pay("globex", "key-1", new PaymentService.NewPayment(1_000, "USD",
                null, null, SandboxProcessor.APPROVE, true)).payment();

        assertEquals("alpha", other.gateway());
        assertEquals(PaymentStatus.CAPTURED, other.status());
    }

    // ------------------------------------------------------------ currencies

    @Test
    void amountsOfEveryExponentRoundTripExactly() {
        PaymentService.PaymentView kwd = pay("kwd", 1_234, "KWD", SandboxProcessor.APPROVE, true).payment();
        PaymentService.PaymentView jpy = pay("jpy", 500, "JPY", SandboxProcessor.APPROVE, true).payment();
        PaymentService.PaymentView inr = pay("inr", 49_999, "INR", SandboxProcessor.APPROVE, true).payment();

        assertEquals(1_234, kwd.amount());
        assertEquals("1.234", kwd.amountDecimal());
        assertEquals(500, jpy.amount());
        assertEquals("500", jpy.amountDecimal());
        assertEquals(49_999, inr.amount());
        assertEquals("499.99", inr.amountDecimal());
        assertEquals(new Money(1_234, "KWD"), alpha.authorizations.get(0).amount());
        assertEquals(new Money(500, "JPY"), alpha.authorizations.get(1).amount());
        PaymentService.PaymentView storedKwd = payments.find(ACME, kwd.id()).orElseThrow();
        assertEquals("1.234", storedKwd.amountDecimal());
        assertEquals("KWD", storedKwd.currency());
        assertEquals(1_234, storedKwd.capturedAmount());
    }

    @Test
    void anUnknownCurrencyIsInvalid() {
        DomainException e = assertThrows(DomainException.class,
                () -> pay("key-1", 1_000, "XYZ", SandboxProcessor.APPROVE, true));

        assertEquals(DomainException.Kind.INVALID, e.kind());
        assertEquals(0, alpha.authorizeCalls());
    }

    // ------------------------------------------------------------ recovery and provider events

    @Test
    void operationsInterruptedByAStoppedProcessBecomeUnknownOrFailed() throws SQLException {
        Instant before = Instant.now().minus(Duration.ofHours(1));
        insertPendingPayment("p-sent", "t-sent", before);
        insertAttempt("a-sent", "t-sent", "alpha", before);
        insertPendingPayment("p-not-sent", "t-not-sent", before);
        insertPendingPayment("p-this-process", "t-this-process", Instant.now().plusSeconds(60));

        payments.markInterruptedOperationsUnknown(Instant.now());

        PaymentService.PaymentView sent = payments.find(ACME, "p-sent").orElseThrow();
        assertEquals(PaymentStatus.UNKNOWN, sent.status());
        assertEquals(TransactionStatus.UNKNOWN, sent.transactions().get(0).status());
        assertEquals(TransactionStatus.UNKNOWN, sent.transactions().get(0).attempts().get(0).status());
        assertEquals(1, bed.resolutionsOf("p-sent").size());

        PaymentService.PaymentView notSent = payments.find(ACME, "p-not-sent").orElseThrow();
        assertEquals(PaymentStatus.FAILED, notSent.status());
        assertEquals(TransactionStatus.FAILED, notSent.transactions().get(0).status());
        assertEquals("interrupted", notSent.failureCode());
        assertEquals(List.of(), bed.resolutionsOf("p-not-sent"));

        assertEquals(PaymentStatus.PENDING, payments.find(ACME, "p-this-process").orElseThrow().status());

        assertFalse(payments.resolve(ACME, "p-sent"), "the janitor settles the interrupted one");
        assertEquals(PaymentStatus.CAPTURED, payments.find(ACME, "p-sent").orElseThrow().status());
    }

    @Test
    void aProviderEventSettlesAnUnknownAuthorizationOnce() {
        PaymentService.PaymentView payment = pay("key-1", 10_000, "USD", SandboxProcessor.TIMEOUT, true).payment();
        assertEquals(PaymentStatus.UNKNOWN, payment.status());
        GatewayResult captured = GatewayResult.of(GatewayResult.Outcome.CAPTURED, "alpha_pay_77");

        assertFalse(payments.applyProviderEvent(ACME, "beta", payment.id(), "alpha_pay_77", Operation.CAPTURE, captured),
                "another gateway's event does not settle this payment");
        assertTrue(payments.applyProviderEvent(ACME, "alpha", payment.id(), "alpha_pay_77", Operation.CAPTURE, captured));

        PaymentService.PaymentView settled = payments.find(ACME, payment.id()).orElseThrow();
        assertEquals(PaymentStatus.CAPTURED, settled.status());
        assertEquals("alpha_pay_77", settled.providerReference());
        assertEquals(10_000, settled.capturedAmount());
        int events = bed.outbox.published.size();

        assertFalse(payments.applyProviderEvent(ACME, "alpha", payment.id(), "alpha_pay_77", Operation.CAPTURE, captured));
        assertEquals(settled, payments.find(ACME, payment.id()).orElseThrow());
        assertEquals(events, bed.outbox.published.size());
    }

    @Test
    void aProviderEventFindsThePaymentByItsReference() {
        PaymentService.PaymentView payment = pay("key-1", 10_000, "USD", SandboxProcessor.APPROVE, true).payment();
        String id = payment.id();
        payments.refund(ACME, id, "refund-1", 1_000L);

        assertFalse(payments.applyProviderEvent(ACME, "alpha", null, payment.providerReference(), Operation.CAPTURE,
                GatewayResult.of(GatewayResult.Outcome.CAPTURED, payment.providerReference())),
                "an event about a settled operation changes nothing");
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, payments.find(ACME, id).orElseThrow().status());
    }

    /**
     * Has the gateway's authorizations answer as its sandbox does, each first noting the statuses of the attempts
     * stored with the provider key it was sent; answers those notes, one per call.
     */
    private List<List<String>> attemptStatusesAtEachCall(TestGateway gateway, String gatewayId) {
        List<List<String>> statuses = new ArrayList<>();
        SandboxProcessor sandbox = new SandboxProcessor(gatewayId);
        gateway.authorizingWith(request -> {
            statuses.add(attemptStatuses(request.idempotencyKey()));
            return sandbox.authorize(request);
        });
        return statuses;
    }

    private List<String> attemptStatuses(String providerKey) {
        try {
            return bed.rows("SELECT STATUS FROM PAYMENT_ATTEMPTS WHERE PROVIDER_IDEMPOTENCY_KEY = '" + providerKey + "'")
                    .stream().map(row -> (String) row.get("STATUS")).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private PaymentService.Result pay(String key, long amount, String currency, String method, boolean capture) {
        return payments.pay(ACME, key, new PaymentService.NewPayment(amount, currency, null, "order-" + key, method,
                capture));
    }

    private void insertPendingPayment(String paymentId, String transactionId, Instant at) throws SQLException {
        PaymentService.NewPayment request = new PaymentService.NewPayment(2_500, "USD", null, null,
                SandboxProcessor.APPROVE, true);
        String time = "TIMESTAMP '" + java.sql.Timestamp.from(at) + "'";
        bed.execute("INSERT INTO PAYMENTS (ID, TENANT_ID, IDEMPOTENCY_KEY, REQUEST_FINGERPRINT, AMOUNT, CURRENCY, "
                + "STATUS, PAYMENT_METHOD, CAPTURE_REQUESTED, CREATED_AT, UPDATED_AT) VALUES ('" + paymentId
                + "', 'acme', 'key-" + paymentId + "', '" + PaymentService.fingerprint(request) + "', 2500, 'USD', "
                + "'PENDING', 'tok_ok', TRUE, " + time + ", " + time + ")");
        bed.execute("INSERT INTO PAYMENT_TRANSACTIONS (ID, TENANT_ID, PAYMENT_ID, KIND, STATUS, AMOUNT, CREATED_AT, "
                + "UPDATED_AT) VALUES ('" + transactionId + "', 'acme', '" + paymentId + "', 'AUTHORIZE', 'PENDING', "
                + "2500, " + time + ", " + time + ")");
    }

    private void insertAttempt(String attemptId, String transactionId, String gateway, Instant at) throws SQLException {
        String time = "TIMESTAMP '" + java.sql.Timestamp.from(at) + "'";
        bed.execute("INSERT INTO PAYMENT_ATTEMPTS (ID, TENANT_ID, TRANSACTION_ID, GATEWAY, PROVIDER_IDEMPOTENCY_KEY, "
                + "STATUS, CREATED_AT, UPDATED_AT) VALUES ('" + attemptId + "', 'acme', '" + transactionId + "', '"
                + gateway + "', 'bp-" + transactionId + "-1', 'PENDING', " + time + ", " + time + ")");
    }
}

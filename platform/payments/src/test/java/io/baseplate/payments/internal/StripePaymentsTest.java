package io.baseplate.payments.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.baseplate.api.payment.Operation;
import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.gateway.stripe.internal.StripeStub;

/**
 * The payment state machine driving the real Stripe plugin against its WireMock stub, for a tenant that
 * enabled Stripe in live mode with its secret key, and a sandbox test gateway behind it.
 */
class StripePaymentsTest {

    private static final String TENANT = StripeStub.TENANT;
    private static final String STRIPE = "stripe";
    private static final String CREATE_PATH = "/v1/payment_intents";
    /** Short, so that a stubbed delay beyond it is an unanswered call. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    private StripeStub stub;
    private PaymentsTestBed bed;
    private PaymentService payments;
    private TestGateway backup;

    @BeforeEach
    void setUp() throws SQLException {
        stub = new StripeStub();
        backup = new TestGateway("backup");
        bed = new PaymentsTestBed().install(STRIPE, stub.newGateway(READ_TIMEOUT)).install("backup", backup);
        bed.enableLive(TENANT, STRIPE, stub.credentials(), stub.webhookSecret());
        bed.enableSandbox(TENANT, "backup");
        bed.gateways.putRoute(TENANT, "USD", null, List.of(STRIPE, "backup"));
        payments = bed.payments;
    }

    @AfterEach
    void tearDown() {
        bed.close();
        stub.close();
    }

    @Test
    void anApprovedPaymentIsCapturedWithTheAttemptsKeyAndTheTenantsSecretKey() {
        stub.approveAuthorize("pi_3Paid");

        PaymentService.PaymentView payment = pay("key-1", 10_050, true).payment();

        assertEquals(PaymentStatus.CAPTURED, payment.status());
        assertEquals(STRIPE, payment.gateway());
        assertEquals("pi_3Paid", payment.providerReference());
        assertEquals(10_050, payment.capturedAmount());
        assertEquals(1, stub.chargesMade());
        String sentKey = PaymentsTestBed.providerKey(payment.transactions().get(0), 1);
        stub.server().verify(1, postRequestedFor(urlEqualTo(CREATE_PATH))
                .withHeader("Authorization", equalTo("Bearer " + StripeStub.SECRET_KEY))
                .withHeader("Idempotency-Key", equalTo(sentKey))
                .withFormParam("amount", equalTo("10050"))
                .withFormParam("currency", equalTo("usd"))
                .withFormParam("payment_method", equalTo(SandboxProcessor.APPROVE))
                .withFormParam("confirm", equalTo("true"))
                .withFormParam("capture_method", equalTo("automatic"))
                .withFormParam("metadata[baseplate_payment_id]", equalTo(payment.id()))
                .withFormParam("metadata[baseplate_idempotency_key]", equalTo(sentKey))
                .withFormParam("description", equalTo("Order 1042")));
        assertEquals(0, backup.authorizeCalls());
    }

    @Test
    void aDeclineIsFinalAndTheNextGatewayIsNotTried() {
        stub.declineAuthorize("pi_3Declined", "insufficient_funds");

        PaymentService.PaymentView payment = pay("key-1", 10_050, true).payment();

        assertEquals(PaymentStatus.DECLINED, payment.status());
        assertEquals("insufficient_funds", payment.failureCode());
        assertEquals("pi_3Declined", payment.providerReference());
        assertEquals(0, backup.authorizeCalls());
        assertEquals(1, stub.chargesMade());
    }

    @Test
    void aServerErrorAtStripeFallsBackToTheNextGatewayOfTheRoute() {
        stub.failWithServerError();

        PaymentService.PaymentView payment = pay("key-1", 10_050, true).payment();

        assertEquals(PaymentStatus.CAPTURED, payment.status());
        assertEquals("backup", payment.gateway());
        List<PaymentService.AttemptView> attempts = payment.transactions().get(0).attempts();
        assertEquals(List.of(STRIPE, "backup"), attempts.stream().map(PaymentService.AttemptView::gateway).toList());
        assertEquals(TransactionStatus.FAILED, attempts.get(0).status());
        assertEquals("500", attempts.get(0).errorCode(), "Stripe's api_error has no code: the HTTP status stands in");
        assertTrue(attempts.get(0).message().contains("HTTP 500"), attempts.get(0).message());
        assertEquals(TransactionStatus.SUCCEEDED, attempts.get(1).status());
        assertEquals(1, backup.authorizeCalls());
        assertEquals(1, stub.chargesMade());
    }

    @Test
    void aReadTimeoutLeavesThePaymentUnknownUntilTheJanitorFindsItWithoutChargingAgain() {
        stub.timeOutAuthorize("pi_3Slow", READ_TIMEOUT.multipliedBy(3));

        PaymentService.PaymentView payment = pay("key-1", 10_050, true).payment();

        assertEquals(PaymentStatus.UNKNOWN, payment.status());
        assertEquals(0, backup.authorizeCalls(), "Stripe may have charged: no other gateway is tried");
        assertEquals(1, bed.resolutionsOf(payment.id()).size());

        assertFalse(payments.resolve(TENANT, payment.id()));

        PaymentService.PaymentView resolved = payments.find(TENANT, payment.id()).orElseThrow();
        assertEquals(PaymentStatus.CAPTURED, resolved.status());
        assertEquals("pi_3Slow", resolved.providerReference());
        assertEquals(10_050, resolved.capturedAmount());
        // The janitor asks by sending the create again: with the same key and the same parameters, which Stripe
        // answers with the PaymentIntent of the first (different parameters would be an idempotency_error).
        List<LoggedRequest> creates = stub.server().findAll(postRequestedFor(urlEqualTo(CREATE_PATH)));
        String sentKey = PaymentsTestBed.providerKey(payment.transactions().get(0), 1);
        assertEquals(List.of(sentKey, sentKey), creates.stream().map(r -> r.getHeader("Idempotency-Key")).toList(),
                "exactly one charge at the provider: one key, asked twice");
        assertEquals(creates.get(0).getBodyAsString(), creates.get(1).getBodyAsString());
    }

    @Test
    void aRetryWithTheSameKeyCallsStripeOnce() {
        stub.approveAuthorize("pi_3Once");

        PaymentService.Result first = pay("key-1", 10_050, true);
        PaymentService.Result again = pay("key-1", 10_050, true);

        assertTrue(again.replayed());
        assertEquals(first.payment().id(), again.payment().id());
        assertEquals(PaymentStatus.CAPTURED, again.payment().status());
        assertEquals("pi_3Once", again.payment().providerReference());
        assertEquals(1, stub.chargesMade());
    }

    @Test
    void aPartialCaptureThenTwoPartialRefunds() {
        stub.approveAuthorize("pi_3Part");
        stub.approveCapture("pi_3Part");

        PaymentService.PaymentView authorized = pay("key-1", 10_050, false).payment();
        assertEquals(PaymentStatus.AUTHORIZED, authorized.status());
        assertEquals("pi_3Part", authorized.providerReference());
        stub.server().verify(postRequestedFor(urlEqualTo(CREATE_PATH)).withFormParam("capture_method", equalTo("manual")));

        PaymentService.PaymentView captured = payments.capture(TENANT, authorized.id(), "cap-1", 6_000L).payment();
        assertEquals(PaymentStatus.CAPTURED, captured.status());
        assertEquals(6_000, captured.capturedAmount());
        stub.server().verify(1, postRequestedFor(urlEqualTo(CREATE_PATH + "/pi_3Part/capture"))
                .withHeader("Authorization", equalTo("Bearer " + StripeStub.SECRET_KEY))
                .withHeader("Idempotency-Key", equalTo(PaymentsTestBed.providerKey(
                        PaymentsTestBed.transactionsOf(captured, Operation.CAPTURE).get(0), 1)))
                .withFormParam("amount_to_capture", equalTo("6000")));

        stub.approveRefund("re_3First");
        PaymentService.PaymentView once = payments.refund(TENANT, authorized.id(), "refund-1", 2_000L).payment();
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, once.status());
        assertEquals(2_000, once.refundedAmount());
        stub.approveRefund("re_3Second");
        PaymentService.PaymentView twice = payments.refund(TENANT, authorized.id(), "refund-2", 1_500L).payment();
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, twice.status());
        assertEquals(3_500, twice.refundedAmount());

        List<PaymentService.TransactionView> refunds = PaymentsTestBed.transactionsOf(twice, Operation.REFUND);
        assertEquals(List.of("re_3First", "re_3Second"),
                refunds.stream().map(PaymentService.TransactionView::providerReference).toList());
        List<String> amounts = List.of("2000", "1500");
        for (int i = 0; i < refunds.size(); i++) {
            String key = PaymentsTestBed.providerKey(refunds.get(i), 1);
            stub.server().verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
                    .withHeader("Authorization", equalTo("Bearer " + StripeStub.SECRET_KEY))
                    .withHeader("Idempotency-Key", equalTo(key))
                    .withFormParam("payment_intent", equalTo("pi_3Part"))
                    .withFormParam("amount", equalTo(amounts.get(i)))
                    .withFormParam("metadata[baseplate_payment_id]", equalTo(authorized.id()))
                    .withFormParam("metadata[baseplate_refund_id]", equalTo(refunds.get(i).id()))
                    .withFormParam("metadata[baseplate_idempotency_key]", equalTo(key)));
        }
        assertEquals(2, stub.server().findAll(postRequestedFor(urlEqualTo("/v1/refunds"))).size());
        assertEquals(1, stub.chargesMade());
    }

    private PaymentService.Result pay(String key, long amount, boolean capture) {
        return payments.pay(TENANT, key, new PaymentService.NewPayment(amount, "USD", "US", "Order 1042",
                SandboxProcessor.APPROVE, capture));
    }
}

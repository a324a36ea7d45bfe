package io.baseplate.payments.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.payment.GatewayResult;
import io.baseplate.api.payment.Money;
import io.baseplate.api.payment.Operation;
import io.baseplate.gateway.razorpay.RazorpayStub;

/**
 * The payment state machine driving the real Razorpay plugin against its WireMock stub, for a tenant that
 * enabled Razorpay in live mode with its API key, and a sandbox test gateway behind it. Each payment is one the
 * stub made in Checkout; its signed Checkout token is the payment method.
 */
class RazorpayPaymentsTest {

    private static final String TENANT = "tenant-razorpay";
    private static final String RAZORPAY = "razorpay";
    private static final Money FIVE_HUNDRED_RUPEES = new Money(50_000, "INR");
    private static final String BASIC_AUTH = "Basic " + Base64.getEncoder().encodeToString(
            (RazorpayStub.KEY_ID + ":" + RazorpayStub.KEY_SECRET).getBytes(StandardCharsets.UTF_8));

    private RazorpayStub stub;
    private PaymentsTestBed bed;
    private PaymentService payments;
    private TestGateway backup;

    @BeforeEach
    void setUp() throws SQLException {
        stub = new RazorpayStub();
        backup = new TestGateway("backup");
        // The stub's gateway waits RazorpayStub.READ_TIMEOUT, shorter than its slow answers.
        bed = new PaymentsTestBed().install(RAZORPAY, stub.gateway()).install("backup", backup);
        bed.enableLive(TENANT, RAZORPAY, stub.credentials(), stub.webhookSecret());
        bed.enableSandbox(TENANT, "backup");
        bed.gateways.putRoute(TENANT, "INR", null, List.of(RAZORPAY, "backup"));
        payments = bed.payments;
    }

    @AfterEach
    void tearDown() {
        bed.close();
        stub.close();
    }

    @Test
    void anApprovedPaymentIsVerifiedFetchedAndCapturedWithTheTenantsKey() {
        String token = stub.approveAuthorize(FIVE_HUNDRED_RUPEES);
        String razorpayId = RazorpayStub.paymentIdOf(token);

        PaymentService.PaymentView payment = pay("key-1", token, true).payment();

        assertEquals(PaymentStatus.CAPTURED, payment.status());
        assertEquals(RAZORPAY, payment.gateway());
        assertEquals(razorpayId, payment.providerReference());
        assertEquals(50_000, payment.capturedAmount());
        stub.server().verify(1, getRequestedFor(urlPathEqualTo("/v1/payments/" + razorpayId))
                .withHeader("Authorization", equalTo(BASIC_AUTH)));
        stub.server().verify(1, postRequestedFor(urlPathEqualTo("/v1/payments/" + razorpayId + "/capture"))
                .withHeader("Authorization", equalTo(BASIC_AUTH))
                .withRequestBody(equalToJson("{\"amount\": 50000, \"currency\": \"INR\"}")));
        assertEquals(1, stub.capturesMade());
        assertEquals(2, stub.requestsReceived());
        assertEquals(0, backup.authorizeCalls());
    }

    @Test
    void aDeclineIsFinalAndTheNextGatewayIsNotTried() {
        String token = stub.declineAuthorize(FIVE_HUNDRED_RUPEES, "card_declined", "The card was declined");

        PaymentService.PaymentView payment = pay("key-1", token, true).payment();

        assertEquals(PaymentStatus.DECLINED, payment.status());
        assertEquals("card_declined", payment.failureCode());
        assertEquals(RazorpayStub.paymentIdOf(token), payment.providerReference());
        assertEquals(0, backup.authorizeCalls());
        assertEquals(0, stub.capturesMade());
    }

    @Test
    void aServerErrorAtRazorpayFallsBackToTheNextGatewayOfTheRoute() {
        String token = stub.approveAuthorize(FIVE_HUNDRED_RUPEES);
        stub.failWithServerError();
        // The sandbox declines a payment method it does not know, and a Checkout token is one.
        backup.authorizingWith(request -> GatewayResult.of(GatewayResult.Outcome.CAPTURED, "backup-1"));

        PaymentService.PaymentView payment = pay("key-1", token, true).payment();

        assertEquals(PaymentStatus.CAPTURED, payment.status());
        assertEquals("backup", payment.gateway());
        assertEquals("backup-1", payment.providerReference());
        List<PaymentService.AttemptView> attempts = payment.transactions().get(0).attempts();
        assertEquals(List.of(RAZORPAY, "backup"), attempts.stream().map(PaymentService.AttemptView::gateway).toList());
        assertEquals(TransactionStatus.FAILED, attempts.get(0).status());
        assertEquals("SERVER_ERROR", attempts.get(0).errorCode());
        assertTrue(attempts.get(0).message().contains("HTTP 500"), attempts.get(0).message());
        assertEquals(TransactionStatus.SUCCEEDED, attempts.get(1).status());
        assertEquals(1, backup.authorizeCalls());
        assertEquals(0, stub.capturesMade());
    }

    @Test
    void aReadTimeoutLeavesThePaymentUnknownUntilTheJanitorFinishesItWithOneCapture() {
        String token = stub.timeOutAuthorize(FIVE_HUNDRED_RUPEES);

        PaymentService.PaymentView payment = pay("key-1", token, true).payment();

        assertEquals(PaymentStatus.UNKNOWN, payment.status());
        assertEquals(0, backup.authorizeCalls(), "the buyer's money is held at Razorpay: no other gateway is tried");
        assertEquals(1, bed.resolutionsOf(payment.id()).size());
        assertEquals(0, stub.capturesMade());

        assertFalse(payments.resolve(TENANT, payment.id()));

        PaymentService.PaymentView resolved = payments.find(TENANT, payment.id()).orElseThrow();
        assertEquals(PaymentStatus.CAPTURED, resolved.status());
        assertEquals(RazorpayStub.paymentIdOf(token), resolved.providerReference());
        assertEquals(50_000, resolved.capturedAmount());
        assertEquals(1, stub.capturesMade(), "exactly one capture at the provider");
    }

    @Test
    void aRetryWithTheSameKeyCallsRazorpayOnce() {
        String token = stub.approveAuthorize(FIVE_HUNDRED_RUPEES);

        PaymentService.Result first = pay("key-1", token, true);
        int requestsForTheFirst = stub.requestsReceived();
        PaymentService.Result again = pay("key-1", token, true);

        assertTrue(again.replayed());
        assertEquals(first.payment().id(), again.payment().id());
        assertEquals(PaymentStatus.CAPTURED, again.payment().status());
        assertEquals(requestsForTheFirst, stub.requestsReceived());
        assertEquals(1, stub.capturesMade());
    }

    @Test
    void aPartialCaptureIsRefusedBeforeRazorpayIsAskedThenAFullCaptureAndTwoPartialRefunds() {
        String token = stub.approveAuthorize(FIVE_HUNDRED_RUPEES);
        String razorpayId = RazorpayStub.paymentIdOf(token);
        String refundPath = "/v1/payments/" + razorpayId + "/refund";
        stub.server().stubFor(post(urlPathEqualTo(refundPath)).withRequestBody(matchingJsonPath("$.amount", equalTo("20000")))
                .willReturn(refund("rfnd_First", razorpayId, 20_000)));
        stub.server().stubFor(post(urlPathEqualTo(refundPath)).withRequestBody(matchingJsonPath("$.amount", equalTo("15000")))
                .willReturn(refund("rfnd_Second", razorpayId, 15_000)));

        PaymentService.PaymentView authorized = pay("key-1", token, false).payment();
        assertEquals(PaymentStatus.AUTHORIZED, authorized.status());
        assertEquals(razorpayId, authorized.providerReference());
        int requestsBefore = stub.requestsReceived();

        DomainException partial = assertThrows(DomainException.class,
                () -> payments.capture(TENANT, authorized.id(), "cap-1", 20_000L));
        assertEquals(DomainException.Kind.REJECTED, partial.kind());
        assertEquals(requestsBefore, stub.requestsReceived(), "Razorpay is not asked");
        PaymentService.PaymentView unchanged = payments.find(TENANT, authorized.id()).orElseThrow();
        assertEquals(PaymentStatus.AUTHORIZED, unchanged.status());
        assertEquals(List.of(), PaymentsTestBed.transactionsOf(unchanged, Operation.CAPTURE));

        PaymentService.PaymentView captured = payments.capture(TENANT, authorized.id(), "cap-2", null).payment();
        assertEquals(PaymentStatus.CAPTURED, captured.status());
        assertEquals(50_000, captured.capturedAmount());
        assertEquals(1, stub.capturesMade());

        PaymentService.PaymentView once = payments.refund(TENANT, authorized.id(), "refund-1", 20_000L).payment();
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, once.status());
        assertEquals(20_000, once.refundedAmount());
        PaymentService.PaymentView twice = payments.refund(TENANT, authorized.id(), "refund-2", 15_000L).payment();
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, twice.status());
        assertEquals(35_000, twice.refundedAmount());

        List<PaymentService.TransactionView> refunds = PaymentsTestBed.transactionsOf(twice, Operation.REFUND);
        assertEquals(List.of("rfnd_First", "rfnd_Second"),
                refunds.stream().map(PaymentService.TransactionView::providerReference).toList());
        List<Long> amounts = List.of(20_000L, 15_000L);
        for (int i = 0; i < refunds.size(); i++) {
            stub.server().verify(1, postRequestedFor(urlPathEqualTo(refundPath))
                    .withHeader("Authorization", equalTo(BASIC_AUTH))
                    .withHeader("X-Refund-Idempotency", equalTo(PaymentsTestBed.providerKey(refunds.get(i), 1)))
                    .withRequestBody(equalToJson("{\"amount\": " + amounts.get(i) + ", \"speed\": \"normal\", "
                            + "\"notes\": {\"baseplate_payment_id\": \"" + authorized.id() + "\"}}")));
        }
        assertEquals(2, stub.refundsRequested());
        assertEquals(1, stub.capturesMade());
    }

    private PaymentService.Result pay(String key, String checkoutToken, boolean capture) {
        return payments.pay(TENANT, key, new PaymentService.NewPayment(FIVE_HUNDRED_RUPEES.minorUnits(),
                FIVE_HUNDRED_RUPEES.currency(), "IN", "Order 1042", checkoutToken, capture));
    }

    /** A processed refund as Razorpay's Create a Refund answers it. */
    private static ResponseDefinitionBuilder refund(String refundId, String razorpayPaymentId, long amount) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"id": "%s", "entity": "refund", "amount": %d, "currency": "INR", "payment_id": "%s", "notes": [],
                 "receipt": null, "acquirer_data": {"arn": null}, "created_at": 1597078866, "batch_id": null,
                 "status": "processed", "speed_processed": "normal", "speed_requested": "normal"}"""
                .formatted(refundId, amount, razorpayPaymentId));
    }
}

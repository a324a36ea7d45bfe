package io.baseplate.payments.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.baseplate.gateway.mercadopago.internal.MercadoPagoStub;

/**
 * The payment state machine driving the real Mercado Pago plugin against its WireMock stub, for a tenant
 * that enabled Mercado Pago in live mode with its credentials, and a sandbox test gateway behind it.
 */
class MercadoPagoPaymentsTest {

    private static final String TENANT = MercadoPagoStub.TENANT;
    private static final String MP = "mercadopago";
    /** Short, so that a stubbed delay beyond it is an unanswered call. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    private MercadoPagoStub stub;
    private PaymentsTestBed bed;
    private PaymentService payments;
    private TestGateway backup;

    @BeforeEach
    void setUp() throws SQLException {
        stub = new MercadoPagoStub();
        backup = new TestGateway("backup");
        bed = new PaymentsTestBed().install(MP, stub.gateway(READ_TIMEOUT)).install("backup", backup);
        bed.enableLive(TENANT, MP, stub.credentials(), stub.webhookSecret());
        bed.enableSandbox(TENANT, "backup");
        bed.gateways.putRoute(TENANT, "BRL", null, List.of(MP, "backup"));
        payments = bed.payments;
    }

    @AfterEach
    void tearDown() {
        bed.close();
        stub.close();
    }

    @Test
    void anApprovedPaymentIsCapturedWithTheAttemptsKeyAndTheTenantsToken() {
        stub.approveAuthorize(7001);

        PaymentService.PaymentView payment = pay("key-1", 10_050, true).payment();

        assertEquals(PaymentStatus.CAPTURED, payment.status());
        assertEquals(MP, payment.gateway());
        assertEquals("7001", payment.providerReference());
        assertEquals(10_050, payment.capturedAmount());
        assertEquals(1, stub.chargesMade());
        LoggedRequest sent = stub.server().findAll(postRequestedFor(urlEqualTo("/v1/payments"))).get(0);
        assertEquals(PaymentsTestBed.providerKey(payment.transactions().get(0), 1), sent.getHeader("X-Idempotency-Key"));
        assertEquals("Bearer " + MercadoPagoStub.ACCESS_TOKEN, sent.getHeader("Authorization"));
        assertTrue(sent.getBodyAsString().contains("\"transaction_amount\":100.50"), sent.getBodyAsString());
        assertTrue(sent.getBodyAsString().contains("\"external_reference\":\"" + payment.id() + "\""));
        assertEquals(0, backup.authorizeCalls());
    }

    @Test
    void aDeclineIsFinalAndTheNextGatewayIsNotTried() {
        stub.declineAuthorize(7002, "cc_rejected_insufficient_amount");

        PaymentService.PaymentView payment = pay("key-1", 10_050, true).payment();

        assertEquals(PaymentStatus.DECLINED, payment.status());
        assertEquals("cc_rejected_insufficient_amount", payment.failureCode());
        assertEquals("7002", payment.providerReference());
        assertEquals(0, backup.authorizeCalls());
        assertEquals(1, stub.chargesMade());
    }

    @Test
    void aServerErrorAtMercadoPagoFallsBackToTheNextGatewayOfTheRoute() {
        stub.failWithServerError();

        PaymentService.PaymentView payment = pay("key-1", 10_050, true).payment();

        assertEquals(PaymentStatus.CAPTURED, payment.status());
        assertEquals("backup", payment.gateway());
        List<PaymentService.AttemptView> attempts = payment.transactions().get(0).attempts();
        assertEquals(List.of(MP, "backup"), attempts.stream().map(PaymentService.AttemptView::gateway).toList());
        assertEquals(TransactionStatus.FAILED, attempts.get(0).status());
        assertEquals("internal_error", attempts.get(0).errorCode());
        assertTrue(attempts.get(0).message().contains("HTTP 500"), attempts.get(0).message());
        assertEquals(TransactionStatus.SUCCEEDED, attempts.get(1).status());
        assertEquals(1, backup.authorizeCalls());
    }

    @Test
    void aReadTimeoutLeavesThePaymentUnknownUntilTheJanitorFindsItWithoutChargingAgain() {
        stub.timeOutAuthorize(7003, READ_TIMEOUT.multipliedBy(3));

        PaymentService.PaymentView payment = pay("key-1", 10_050, true).payment();

        assertEquals(PaymentStatus.UNKNOWN, payment.status());
        assertEquals(0, backup.authorizeCalls(), "Mercado Pago may have charged: no other gateway is tried");
        assertEquals(1, bed.resolutionsOf(payment.id()).size());
        String sentKey = PaymentsTestBed.providerKey(payment.transactions().get(0), 1);
        stub.resolveSearchAs(payment.id(), sentKey, 7003, "approved", "accredited");

        assertFalse(payments.resolve(TENANT, payment.id()));

        PaymentService.PaymentView resolved = payments.find(TENANT, payment.id()).orElseThrow();
        assertEquals(PaymentStatus.CAPTURED, resolved.status());
        assertEquals("7003", resolved.providerReference());
        assertEquals(10_050, resolved.capturedAmount());
        assertEquals(1, stub.chargesMade(), "exactly one charge at the provider");
    }

    @Test
    void aRetryWithTheSameKeyCallsMercadoPagoOnce() {
        stub.approveAuthorize(7004);

        PaymentService.Result first = pay("key-1", 10_050, true);
        PaymentService.Result again = pay("key-1", 10_050, true);

        assertTrue(again.replayed());
        assertEquals(first.payment().id(), again.payment().id());
        assertEquals(PaymentStatus.CAPTURED, again.payment().status());
        assertEquals(1, stub.chargesMade());
    }

    @Test
    void aPartialCaptureThenTwoPartialRefunds() {
        stub.approveAuthorize(7005);
        stub.approveCapture(7005);
        stub.server().stubFor(post(urlEqualTo("/v1/payments/7005/refunds"))
                .withRequestBody(containing("\"amount\":20.00")).willReturn(refund(9001, "20.00")));
        stub.server().stubFor(post(urlEqualTo("/v1/payments/7005/refunds"))
                .withRequestBody(containing("\"amount\":15.00")).willReturn(refund(9002, "15.00")));

        PaymentService.PaymentView authorized = pay("key-1", 10_050, false).payment();
        assertEquals(PaymentStatus.AUTHORIZED, authorized.status());
        assertEquals("7005", authorized.providerReference());

        PaymentService.PaymentView captured = payments.capture(TENANT, authorized.id(), "cap-1", 6_000L).payment();
        assertEquals(PaymentStatus.CAPTURED, captured.status());
        assertEquals(6_000, captured.capturedAmount());
        stub.server().verify(putRequestedFor(urlEqualTo("/v1/payments/7005"))
                .withRequestBody(containing("\"transaction_amount\":60.00")));

        PaymentService.PaymentView once = payments.refund(TENANT, authorized.id(), "refund-1", 2_000L).payment();
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, once.status());
        assertEquals(2_000, once.refundedAmount());
        PaymentService.PaymentView twice = payments.refund(TENANT, authorized.id(), "refund-2", 1_500L).payment();
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, twice.status());
        assertEquals(3_500, twice.refundedAmount());
        assertEquals(List.of("9001", "9002"), PaymentsTestBed.transactionsOf(twice, Operation.REFUND).stream()
                .map(PaymentService.TransactionView::providerReference).toList());

        List<LoggedRequest> refunds = stub.server().findAll(postRequestedFor(urlEqualTo("/v1/payments/7005/refunds"))
                .withHeader("Authorization", equalTo("Bearer " + MercadoPagoStub.ACCESS_TOKEN)));
        assertEquals(2, refunds.size());
        assertNotEquals(refunds.get(0).getHeader("X-Idempotency-Key"), refunds.get(1).getHeader("X-Idempotency-Key"));
        assertEquals(1, stub.chargesMade());
    }

    private PaymentService.Result pay(String key, long amount, boolean capture) {
        return payments.pay(TENANT, key, new PaymentService.NewPayment(amount, "BRL", "BR", "Order 1042",
                SandboxProcessor.APPROVE, capture));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder refund(long id, String amount) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(
                "{\"id\":" + id + ",\"payment_id\":7005,\"amount\":" + amount + ",\"status\":\"approved\"}");
    }
}

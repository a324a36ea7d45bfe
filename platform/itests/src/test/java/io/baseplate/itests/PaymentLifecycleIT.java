package io.baseplate.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

import io.baseplate.api.payment.SandboxProcessor;

/**
 * A payment's life over HTTP: amounts of every currency exponent round-trip exactly (the KWD market is
 * the KNET example bundle, dropped in), bad amounts are refused, and authorize, capture, refund and void
 * follow the state machine's rules.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PaymentLifecycleIT extends BaseplateTestSupport {

    @Test
    public void amountsOfEveryExponentRoundTripExactlyAndBadAmountsAreRefused() throws Exception {
        String tenantKey = newTenantKey();
        Path deployed = deploy(pluginJar("gateway-knet-"));
        try {
            awaitGateway("knet", CHANGE_VISIBLE);
            api.enableSandboxGateway(tenantKey, "knet");
            assertRoundTrip(tenantKey, 500, "JPY", null, "500");
            assertRoundTrip(tenantKey, 49_999, "INR", null, "499.99");
            assertRoundTrip(tenantKey, 1_234, "KWD", "KW", "1.234");
        } finally {
            Files.deleteIfExists(deployed);
        }
        for (String amount : new String[] {"10.5", "-5", "0", "1e3"}) {
            BaseplateApi.Reply refused = api.post("/api/v1/payments", tenantKey,
                    "{\"amount\": " + amount + ", \"currency\": \"INR\", \"paymentMethod\": \"tok_ok\"}",
                    BaseplateApi.IDEMPOTENCY_KEY, UUID.randomUUID().toString());
            assertEquals(amount + ": " + refused, 400, refused.status());
            assertEquals(BaseplateApi.PROBLEM_JSON, refused.contentType());
        }
        BaseplateApi.Reply noMinorUnit = api.pay(tenantKey, UUID.randomUUID().toString(), 100, "XAU", SandboxProcessor.APPROVE);
        assertEquals(noMinorUnit.toString(), 400, noMinorUnit.status());
    }

    @Test
    public void anAuthorizationIsCapturedInPartRefundedInPartsAndRefusesWhatItCannotDo() {
        String tenantKey = newTenantKey();
        BaseplateApi.Reply authorized = api.post("/api/v1/payments", tenantKey, BaseplateApi.json(Map.of(
                        "amount", 10_000, "currency", "USD", "paymentMethod", SandboxProcessor.APPROVE, "capture", false)),
                BaseplateApi.IDEMPOTENCY_KEY, UUID.randomUUID().toString());
        assertEquals(authorized.toString(), 201, authorized.status());
        assertEquals("AUTHORIZED", authorized.json().path("status").asText());
        String path = "/api/v1/payments/" + authorized.json().path("id").asText();

        assertOperation(operate(tenantKey, path + "/capture", "{\"amount\": 20000}"), 422, null);
        BaseplateApi.Reply captured = assertOperation(operate(tenantKey, path + "/capture", "{\"amount\": 6000}"), 200, "CAPTURED");
        assertEquals(6000, captured.json().path("capturedAmount").asLong());
        assertOperation(operate(tenantKey, path + "/refunds", "{\"amount\": 2500}"), 200, "PARTIALLY_REFUNDED");
        assertOperation(operate(tenantKey, path + "/refunds", "{\"amount\": 5000}"), 422, null);
        BaseplateApi.Reply refunded = assertOperation(operate(tenantKey, path + "/refunds", "{}"), 200, "REFUNDED");
        assertEquals(6000, refunded.json().path("refundedAmount").asLong());
        assertOperation(operate(tenantKey, path + "/void", "{}"), 409, null);

        JsonNode payment = api.get(path, tenantKey).json();
        assertEquals(4, payment.path("transactions").size());
        assertEquals("AUTHORIZE", payment.path("transactions").get(0).path("kind").asText());
        assertEquals("SUCCEEDED", payment.path("transactions").get(3).path("status").asText());
    }

    private BaseplateApi.Reply operate(String tenantKey, String path, String body) {
        return api.post(path, tenantKey, body, BaseplateApi.IDEMPOTENCY_KEY, UUID.randomUUID().toString());
    }

    /** Returns the reply, not its JSON: JUnit reflects IT methods outside the container, where Jackson is absent. */
    private static BaseplateApi.Reply assertOperation(BaseplateApi.Reply reply, int status, String paymentStatus) {
        assertEquals(reply.toString(), status, reply.status());
        if (paymentStatus == null) {
            assertEquals(reply.toString(), BaseplateApi.PROBLEM_JSON, reply.contentType());
        } else {
            assertEquals(reply.toString(), paymentStatus, reply.json().path("status").asText());
        }
        return reply;
    }

    private void assertRoundTrip(String tenantKey, long amount, String currency, String country, String decimal) {
        String body = "{\"amount\": " + amount + ", \"currency\": \"" + currency + "\", \"paymentMethod\": \"tok_ok\""
                + (country == null ? "" : ", \"country\": \"" + country + "\"") + "}";
        BaseplateApi.Reply paid = api.post("/api/v1/payments", tenantKey, body, BaseplateApi.IDEMPOTENCY_KEY,
                UUID.randomUUID().toString());
        assertEquals(paid.toString(), 201, paid.status());
        assertEquals(paid.toString(), "CAPTURED", paid.json().path("status").asText());
        JsonNode read = api.get("/api/v1/payments/" + paid.json().path("id").asText(), tenantKey).json();
        assertEquals(amount, read.path("amount").asLong());
        assertEquals(amount, read.path("capturedAmount").asLong());
        assertEquals(decimal, read.path("amountDecimal").asText());
        assertEquals(currency, read.path("currency").asText());
    }
}

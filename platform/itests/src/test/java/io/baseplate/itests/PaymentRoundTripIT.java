package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

import io.baseplate.api.payment.SandboxProcessor;

/** A tenant's payment from the first HTTP call to the receipt job, with the API's error answers on the way. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PaymentRoundTripIT extends BaseplateTestSupport {

    private static final String PAYMENTS = "/api/v1/payments";

    @Test
    public void anInrPaymentIsCapturedByRazorpayAndARepeatIsReplayed() {
        String tenantKey = newTenantKey();
        String idempotencyKey = UUID.randomUUID().toString();
        String body = BaseplateApi.payment(49900, "INR", "order-1", SandboxProcessor.APPROVE);

        BaseplateApi.Reply first = api.post(PAYMENTS, tenantKey, body, BaseplateApi.IDEMPOTENCY_KEY, idempotencyKey);
        assertEquals(first.toString(), 201, first.status());
        assertEquals("CAPTURED", first.json().path("status").asText());
        assertEquals("razorpay", first.json().path("gateway").asText());
        assertEquals(49900, first.json().path("amount").asLong());
        assertEquals(Optional.of("false"), first.header("Idempotent-Replayed"));

        BaseplateApi.Reply repeat = api.post(PAYMENTS, tenantKey, body, BaseplateApi.IDEMPOTENCY_KEY, idempotencyKey);
        assertEquals(repeat.toString(), 201, repeat.status());
        assertEquals(first.json().path("id").asText(), repeat.json().path("id").asText());
        assertEquals(Optional.of("true"), repeat.header("Idempotent-Replayed"));
    }

    @Test
    public void anIdempotencyKeyReusedForAnotherBodyIsRefused() {
        String tenantKey = newTenantKey();
        String idempotencyKey = UUID.randomUUID().toString();
        BaseplateApi.Reply first = api.post(PAYMENTS, tenantKey, BaseplateApi.payment(49900, "INR", "order-2", SandboxProcessor.APPROVE),
                BaseplateApi.IDEMPOTENCY_KEY, idempotencyKey);
        assertEquals(first.toString(), 201, first.status());

        BaseplateApi.Reply reused = api.post(PAYMENTS, tenantKey, BaseplateApi.payment(50000, "INR", "order-2", SandboxProcessor.APPROVE),
                BaseplateApi.IDEMPOTENCY_KEY, idempotencyKey);
        assertProblem(reused, 422);
        assertThat(reused.json().path("detail").asText(), containsString(idempotencyKey));
    }

    @Test
    public void concurrentRepeatsOfOnePaymentChargeOnce() throws Exception {
        String tenantKey = newTenantKey();
        String idempotencyKey = UUID.randomUUID().toString();
        String body = BaseplateApi.payment(12345, "INR", "order-concurrent", SandboxProcessor.APPROVE);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<BaseplateApi.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(clients.submit(() -> api.post(PAYMENTS, tenantKey, body, BaseplateApi.IDEMPOTENCY_KEY, idempotencyKey)));
            }
            Set<String> paymentIds = new HashSet<>();
            for (Future<BaseplateApi.Reply> future : replies) {
                BaseplateApi.Reply reply = future.get(30, TimeUnit.SECONDS);
                if (reply.status() == 409) {
                    assertProblem(reply, 409);
                } else {
                    assertEquals(reply.toString(), 201, reply.status());
                    paymentIds.add(reply.json().path("id").asText());
                }
            }
            assertEquals("every successful answer names the same payment", 1, paymentIds.size());
        } finally {
            clients.shutdownNow();
        }
        awaitCondition("the receipt job to finish", CHANGE_VISIBLE, () -> receiptJobs(tenantKey) > 0);
        assertEquals("one capture, one receipt", 1, receiptJobs(tenantKey));
    }

    @Test
    public void theDeclineTokenIsDeclined() {
        BaseplateApi.Reply declined = api.pay(newTenantKey(), UUID.randomUUID().toString(), 49900, "INR", SandboxProcessor.DECLINE);

        assertEquals(declined.toString(), 201, declined.status());
        assertEquals("DECLINED", declined.json().path("status").asText());
        assertEquals("razorpay", declined.json().path("gateway").asText());
    }

    @Test
    public void aRequestWithoutApiKeyIsUnauthorized() {
        BaseplateApi.Reply anonymous = api.post(PAYMENTS, null, BaseplateApi.payment(49900, "INR", "order-3", SandboxProcessor.APPROVE),
                BaseplateApi.IDEMPOTENCY_KEY, UUID.randomUUID().toString());

        assertProblem(anonymous, 401);
    }

    @Test
    public void malformedJsonIsABadRequest() {
        BaseplateApi.Reply malformed = api.post(PAYMENTS, newTenantKey(), "{\"amount\": 49900, \"currency\": ",
                BaseplateApi.IDEMPOTENCY_KEY, UUID.randomUUID().toString());

        assertProblem(malformed, 400);
    }

    @Test
    public void anotherTenantCannotReadThePayment() {
        String owner = newTenantKey();
        BaseplateApi.Reply payment = api.pay(owner, UUID.randomUUID().toString(), 49900, "INR", SandboxProcessor.APPROVE);
        assertEquals(payment.toString(), 201, payment.status());
        String path = PAYMENTS + "/" + payment.json().path("id").asText();

        assertEquals(200, api.get(path, owner).status());
        assertProblem(api.get(path, newTenantKey()), 404);
    }

    @Test
    public void aCapturedPaymentGetsASendReceiptJobThatSucceeds() throws Exception {
        String tenantKey = newTenantKey();
        BaseplateApi.Reply payment = api.pay(tenantKey, UUID.randomUUID().toString(), 49900, "INR", SandboxProcessor.APPROVE);
        assertEquals(payment.toString(), 201, payment.status());
        String paymentId = payment.json().path("id").asText();

        awaitCondition("a SUCCEEDED SendReceipt job for payment " + paymentId, CHANGE_VISIBLE,
                () -> receiptJobSucceeded(tenantKey, paymentId));
    }

    private int receiptJobs(String tenantKey) {
        BaseplateApi.Reply jobs = api.get("/api/v1/jobs", tenantKey);
        BaseplateApi.expectStatus(jobs, 200);
        int count = 0;
        for (JsonNode job : jobs.json().path("items")) {
            if ("SendReceipt".equals(job.path("type").asText())) {
                count++;
            }
        }
        return count;
    }

    /** The receipt names the payment id, which is how a tenant's jobs are told apart here. */
    private boolean receiptJobSucceeded(String tenantKey, String paymentId) {
        BaseplateApi.Reply jobs = api.get("/api/v1/jobs", tenantKey);
        BaseplateApi.expectStatus(jobs, 200);
        for (JsonNode job : jobs.json().path("items")) {
            if ("SendReceipt".equals(job.path("type").asText())) {
                assertThat("the receipt job failed: " + job, job.path("status").asText(), not("FAILED"));
                if ("SUCCEEDED".equals(job.path("status").asText())) {
                    assertThat(job.path("result").asText(), containsString(paymentId));
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertProblem(BaseplateApi.Reply reply, int status) {
        assertEquals(reply.toString(), status, reply.status());
        assertEquals(reply.toString(), BaseplateApi.PROBLEM_JSON, reply.contentType());
        assertEquals(status, reply.json().path("status").asInt());
        assertTrue(reply.toString(), reply.json().path("detail").isTextual());
    }
}

package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.baseplate.api.payment.SandboxTokens;

/** Payment state changes reach the owning tenant's browsers over SSE, and only them. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventStreamIT extends BaseplateTestSupport {

    private static final String PENDING = "baseplate/payment/PENDING";
    private static final String CAPTURED = "baseplate/payment/CAPTURED";

    @Test
    public void aTenantReceivesItsOwnPaymentEventsAndNoOtherTenants() throws Exception {
        String tenantKey = newTenantKey();
        String otherKey = newTenantKey();
        try (EventStream stream = api.events(tenantKey, null)) {
            String otherPayment = paymentId(otherKey);
            String ownPayment = paymentId(tenantKey);

            EventStream.SseEvent pending = stream.await(e -> PENDING.equals(e.name()), CHANGE_VISIBLE, PENDING);
            assertThat("another tenant's payment leaked into the stream", pending.data(), not(containsString(otherPayment)));
            assertThat(pending.data(), containsString(ownPayment));
            EventStream.SseEvent captured = stream.await(e -> CAPTURED.equals(e.name()), CHANGE_VISIBLE, CAPTURED);
            assertThat(captured.data(), containsString(ownPayment));
            assertThat(captured.data(), containsString("\"payment.gateway\":\"razorpay\""));
        }
    }

    @Test
    public void aClientReconnectingWithLastEventIdGetsWhatItMissed() throws Exception {
        String tenantKey = newTenantKey();
        String lastSeen;
        String payment;
        try (EventStream stream = api.events(tenantKey, null)) {
            payment = paymentId(tenantKey);
            lastSeen = stream.await(e -> PENDING.equals(e.name()), CHANGE_VISIBLE, PENDING).id();
        }

        try (EventStream resumed = api.events(tenantKey, lastSeen)) {
            EventStream.SseEvent missed = resumed.await(e -> e.id() != null, CHANGE_VISIBLE, "replayed after " + lastSeen);
            assertEquals(CAPTURED, missed.name());
            assertThat(missed.data(), containsString(payment));
        }
    }

    private String paymentId(String tenantKey) {
        BaseplateApi.Reply payment = api.pay(tenantKey, UUID.randomUUID().toString(), 49900, "INR", SandboxTokens.CAPTURE);
        assertEquals(payment.toString(), 201, payment.status());
        return payment.json().path("id").asText();
    }
}

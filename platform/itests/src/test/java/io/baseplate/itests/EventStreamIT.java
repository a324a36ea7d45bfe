package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.util.Hashtable;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import io.baseplate.api.payment.SandboxProcessor;

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

    @Test
    public void aStreamOutlivesAChangeOfTheRestApplications() throws Exception {
        String tenantKey = newTenantKey();
        try (EventStream stream = api.events(tenantKey, null)) {
            String before = paymentId(tenantKey);
            stream.await(e -> CAPTURED.equals(e.name()) && e.data().contains(before), CHANGE_VISIBLE, "before the change");

            // What a plugin deploy does: a resource joins /api, and the REST whiteboard rebuilds the application.
            ServiceRegistration<Object> resource = context.registerService(Object.class, new ProbeResource(),
                    new Hashtable<>(Map.of("osgi.jakartars.resource", true, "osgi.jakartars.name", "it-probe",
                            "osgi.jakartars.application.select", "(osgi.jakartars.name=.default)")));
            try {
                awaitCondition("the new resource to be served", CHANGE_VISIBLE,
                        () -> api.get("/api/" + ProbeResource.PATH, tenantKey).status() == 200);
            } finally {
                resource.unregister();
            }
            awaitCondition("the resource to be gone", CHANGE_VISIBLE,
                    () -> api.get("/api/" + ProbeResource.PATH, tenantKey).status() == 404);

            String after = paymentId(tenantKey);
            // The stream does not reconnect: an event on it now means the change did not cut it.
            stream.await(e -> CAPTURED.equals(e.name()) && e.data().contains(after), CHANGE_VISIBLE, "after the change");
        }
    }

    /** A resource a test adds to the /api application. */
    @Path(ProbeResource.PATH)
    public static class ProbeResource {

        static final String PATH = "v1/it-probe";

        @GET
        @Produces("text/plain")
        public String get() {
            return "ok";
        }
    }

    private String paymentId(String tenantKey) {
        BaseplateApi.Reply payment = api.pay(tenantKey, UUID.randomUUID().toString(), 49900, "INR", SandboxProcessor.APPROVE);
        assertEquals(payment.toString(), 201, payment.status());
        return payment.json().path("id").asText();
    }
}

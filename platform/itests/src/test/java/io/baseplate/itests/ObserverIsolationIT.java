package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Plugins observe platform topics as {@code EventHandler} whiteboard services. A slow one and a throwing one,
 * registered beside a well-behaved one, delay neither the requests that cause the events (those only write the
 * outbox) nor the live stream: the relay hands committed events to the streams itself, then queues them for the
 * observers, which a thread of its own sends them to, one event at a time. So the slow observer holds up only the
 * other observers, for two deliveries: Felix times a handler only from its second delivery on, and skips it from
 * then on for holding one past {@code org.apache.felix.eventadmin.Timeout} (1 s in
 * {@code config/baseplate.properties}). The stream gets every event of every payment once, within 1 s of its
 * request, and the well-behaved observer too, in order.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ObserverIsolationIT extends BaseplateTestSupport {

    private static final String PAYMENT_TOPICS = "baseplate/payment/*";
    private static final long SLOW_HANDLER_MILLIS = 3_000;
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final int PAYMENTS = 4;

    @Test
    public void aSlowOrThrowingObserverDelaysNeitherRequestsNorTheLiveStream() throws Exception {
        String tenantKey = newTenantKey();
        List<String> observed = new CopyOnWriteArrayList<>();
        AtomicInteger slowDeliveries = new AtomicInteger();
        List<ServiceRegistration<EventHandler>> observers = new ArrayList<>();
        try {
            observers.add(context.registerService(EventHandler.class, event -> {
                slowDeliveries.incrementAndGet();
                try {
                    Thread.sleep(SLOW_HANDLER_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }, new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, PAYMENT_TOPICS))));
            observers.add(context.registerService(EventHandler.class, event -> {
                throw new IllegalStateException("an observer that always fails");
            }, new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, PAYMENT_TOPICS))));
            observers.add(context.registerService(EventHandler.class,
                    event -> observed.add(event.getProperty("payment.id") + " " + event.getTopic()),
                    new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, PAYMENT_TOPICS))));

            List<String> paymentIds = new ArrayList<>();
            List<EventStream.SseEvent> streamed = new ArrayList<>();
            try (EventStream stream = api.events(tenantKey, null, "topic=" + PAYMENT_TOPICS)) {
                for (int i = 0; i < PAYMENTS; i++) {
                    long sent = System.currentTimeMillis();
                    BaseplateApi.Reply payment = pay(tenantKey, "INR");
                    long answeredAfter = System.currentTimeMillis() - sent;
                    assertEquals(payment.toString(), 201, payment.status());
                    assertTrue("payment " + (i + 1) + " was answered after " + answeredAfter + " ms",
                            answeredAfter <= WITHIN.toMillis());
                    String paymentId = payment.json().path("id").asText();
                    paymentIds.add(paymentId);
                    EventStream.SseEvent captured = stream.await(e -> {
                        streamed.add(e);
                        return "baseplate/payment/CAPTURED".equals(e.name()) && e.data().contains(paymentId);
                    }, CHANGE_VISIBLE, "CAPTURED of payment " + paymentId);
                    long streamedAfter = captured.receivedAtMillis() - sent;
                    assertTrue("CAPTURED of payment " + (i + 1) + " streamed " + streamedAfter + " ms after the request",
                            streamedAfter <= WITHIN.toMillis());
                }
                awaitCondition("the well-behaved observer to see every payment", CHANGE_VISIBLE,
                        () -> paymentIds.stream().allMatch(id -> observed.contains(id + " baseplate/payment/CAPTURED")));
                // By now Event Admin has passed every event to the observers; anything streamed twice is here too.
                streamed.addAll(stream.drain());
            }
            long lastPosition = 0;
            for (EventStream.SseEvent event : streamed) {
                long position = Long.parseLong(event.id());
                assertTrue("streamed in position order, once each: " + streamed, position > lastPosition);
                lastPosition = position;
            }
            for (String paymentId : paymentIds) {
                assertEquals("the stream, once each: " + streamed,
                        List.of("baseplate/payment/PENDING", "baseplate/payment/CAPTURED"),
                        streamed.stream().filter(e -> e.data().contains(paymentId)).map(EventStream.SseEvent::name).toList());
                List<String> ofPayment = observed.stream().filter(line -> line.startsWith(paymentId)).toList();
                assertEquals("the well-behaved observer, in order, once each: " + ofPayment,
                        List.of(paymentId + " baseplate/payment/PENDING", paymentId + " baseplate/payment/CAPTURED"), ofPayment);
            }
            int slow = slowDeliveries.get();
            assertTrue("the slow observer is skipped after the second delivery it held too long: called " + slow + " times",
                    slow >= 1 && slow <= 2);
        } finally {
            observers.forEach(ServiceRegistration::unregister);
        }
    }
}

package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A delivery's 100 location updates are stored in its history in the order they were posted; they reach the
 * customer's live stream in that order, once each; and their events, observed by an in-container
 * {@code EventHandler} on {@code baseplate/workflow/delivery/LOCATION}, arrive in that order, with increasing
 * outbox positions ({@code baseplate.event.seq}), each addressed to the customer, the courier and the staff roles.
 * No field or lambda here names a Jackson type: JUnit reads the class outside the container, where Jackson is absent.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WorkflowOrderIT extends BaseplateTestSupport {

    private static final int UPDATES = 100;

    @Test
    public void aHundredLocationUpdatesAreStoredAndPublishedInOrder() throws Exception {
        WorkflowParties parties = new WorkflowParties(api);
        liftRateLimit(parties.tenantId);
        Path jar = deploy(pluginJar("workflow-delivery-"));
        List<Event> received = new CopyOnWriteArrayList<>();
        ServiceRegistration<EventHandler> observer = null;
        try {
            awaitCondition("delivery to be listed", CHANGE_VISIBLE, () -> parties.listed("delivery"));
            WorkflowParties.Person customer = parties.person("CUSTOMER");
            WorkflowParties.Person courier = parties.person("COURIER");
            String id = parties.started(customer.key(), "delivery", Map.of("address", "1 Main St"));
            parties.moved(parties.adminKey, id, "ASSIGN", Map.of("courierUserId", courier.userId()));
            parties.moved(courier.key(), id, "PICK_UP", null);
            observer = context.registerService(EventHandler.class, event -> {
                if (id.equals(event.getProperty("workflow.instance.id"))) {
                    received.add(event);
                }
            }, new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, "baseplate/workflow/delivery/LOCATION")));

            List<Double> streamed = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            try (EventStream customerStream = api.events(customer.key(), null, "topic=baseplate/workflow/delivery/LOCATION")) {
                for (int i = 0; i < UPDATES; i++) {
                    parties.moved(courier.key(), id, "LOCATION", Map.of("lat", latitude(i), "lon", 0.5, "note", "update " + i));
                }
                for (int i = 0; i < UPDATES; i++) {
                    EventStream.SseEvent update = customerStream.await(e -> e.data().contains(id), CHANGE_VISIBLE,
                            "location update " + i + " on the customer's stream");
                    streamed.add(json.readTree(update.data()).path("data.lat").asDouble());
                }
            }
            assertEquals("the customer's live stream has every update, in order, once", expected(), streamed);

            List<Double> stored = new ArrayList<>();
            for (JsonNode step : parties.history(customer.key(), id).json().path("items")) {
                if ("LOCATION".equals(step.path("transition").asText())) {
                    stored.add(step.path("data").path("lat").asDouble());
                }
            }
            assertEquals(expected(), stored);
            JsonNode page = api.get("/api/v1/workflows/" + id + "/history?after=100&limit=2", customer.key()).json().path("items");
            assertEquals(2, page.size());
            assertEquals(101, page.get(0).path("step").asInt());
            assertEquals("steps 1 to 3 are START, ASSIGN and PICK_UP", latitude(97), page.get(0).path("data").path("lat").asDouble(), 0);

            awaitCondition(UPDATES + " location events", CHANGE_VISIBLE, () -> received.size() >= UPDATES);
            List<Double> published = new ArrayList<>();
            long lastSeq = Long.MIN_VALUE;
            long lastStep = 0;
            for (Event event : received) {
                published.add(((Number) event.getProperty("data.lat")).doubleValue());
                Object seq = event.getProperty("baseplate.event.seq");
                assertTrue("the relay sets the outbox position: " + seq, seq instanceof Number);
                long position = ((Number) seq).longValue();
                assertTrue("outbox positions increase: " + position + " after " + lastSeq, position > lastSeq);
                lastSeq = position;
                long step = ((Number) event.getProperty("workflow.step")).longValue();
                assertTrue("steps increase", step > lastStep);
                lastStep = step;
                String users = (String) event.getProperty("audience.users");
                assertTrue(users, List.of(users.split(",")).containsAll(List.of(customer.userId(), courier.userId())));
                assertEquals("OPERATOR,TENANT_ADMIN", event.getProperty("audience.roles"));
                assertEquals(parties.tenantId, event.getProperty("tenant.id"));
            }
            assertEquals("in the order posted, each once", expected(), published);
        } finally {
            if (observer != null) {
                observer.unregister();
            }
            WorkflowParties.undeploy(jar);
        }
        awaitCondition("delivery to be gone", CHANGE_VISIBLE, () -> !parties.listed("delivery"));
    }

    private static double latitude(int update) {
        return -45 + update * 0.5;
    }

    private static List<Double> expected() {
        List<Double> latitudes = new ArrayList<>();
        for (int i = 0; i < UPDATES; i++) {
            latitudes.add(latitude(i));
        }
        return latitudes;
    }
}

package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.baseplate.api.payment.SandboxProcessor;

/**
 * Who receives what on {@code GET /api/v1/events}: a participant only events naming its user or role,
 * staff the events naming no audience; {@code ?topic=} narrows a stream; {@code Last-Event-ID} replays
 * the outbox from the database, and a client that cannot be replayed to gets a {@code reset} event.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventAudienceIT extends BaseplateTestSupport {

    private static final String NOTE = "baseplate/itest/NOTE";
    private static final String PENDING = "baseplate/payment/PENDING";
    private static final String CAPTURED = "baseplate/payment/CAPTURED";

    @Test
    public void aStudentReceivesWhatNamesItAndStaffWhatNamesNobody() throws Exception {
        String tenantId = api.newTenant("it-" + UUID.randomUUID());
        String adminKey = api.newKey(tenantId);
        String student = user(adminKey, "STUDENT");
        String otherStudent = user(adminKey, "STUDENT");
        String studentKey = userKey(adminKey, student, "STUDENT");

        try (EventStream studentStream = api.events(studentKey, null);
             EventStream adminStream = api.events(adminKey, null)) {
            awaitCondition("both streams to be open", CHANGE_VISIBLE, () -> new LiveStreams(context).subscriberCount(tenantId) == 2);
            note(tenantId, "staff-only", null, null);
            note(tenantId, "for-other-student", otherStudent, null);
            note(tenantId, "for-the-student", student, null);
            note(tenantId, "for-tutors", null, "TUTOR");
            note(tenantId, "for-students", null, "STUDENT,TUTOR");
            note(tenantId, "for-staff-and-the-student", student, "OPERATOR");
            note(tenantId, "last", student, "TENANT_ADMIN");

            assertEquals(List.of("for-the-student", "for-students", "for-staff-and-the-student", "last"),
                    notesUntilLast(studentStream));
            assertEquals("a tenant admin is staff, and listed by the last", List.of("staff-only", "last"),
                    notesUntilLast(adminStream));
        }

        // The student's key is refused nothing else on the stream: payments (no audience) stay staff-only.
        try (EventStream studentStream = api.events(studentKey, null);
             EventStream adminStream = api.events(adminKey, null)) {
            awaitCondition("both streams to be open", CHANGE_VISIBLE, () -> new LiveStreams(context).subscriberCount(tenantId) == 2);
            String payment = pay(adminKey);
            adminStream.await(e -> CAPTURED.equals(e.name()) && e.data().contains(payment), CHANGE_VISIBLE, "the capture");
            note(tenantId, "last", student, null);
            assertEquals(List.of("last"), namesUntilLast(studentStream));
        }
    }

    @Test
    public void aTopicFilterNarrowsTheStreamAndABadOneIsABadRequest() throws Exception {
        String key = newTenantKey();
        try (EventStream captures = api.events(key, null, "topic=" + CAPTURED + "&topic=baseplate/itest/*")) {
            String payment = pay(key);
            EventStream.SseEvent first = captures.await(e -> e.id() != null, CHANGE_VISIBLE, "the capture");
            assertEquals("the PENDING event is not asked for", CAPTURED, first.name());
            assertThat(first.data(), containsString(payment));
        }
        try (EventStream everything = api.events(key, null, "topic=baseplate/*")) {
            String payment = pay(key);
            assertEquals(PENDING, everything.await(e -> e.data().contains(payment), CHANGE_VISIBLE, "the pending").name());
        }
        for (String bad : new String[] {"org/osgi/*", "baseplate/*/CAPTURED", "baseplate", "*", "baseplate/pay%2A", ""}) {
            BaseplateApi.Reply refused = api.get("/api/v1/events?topic=" + bad, key);
            assertEquals(bad + ": " + refused, 400, refused.status());
            assertEquals(BaseplateApi.PROBLEM_JSON, refused.contentType());
            assertThat(refused.json().path("detail").asText(), containsString("topic"));
        }
        assertEquals("no key, no stream: authentication comes first", 401,
                api.get("/api/v1/events?topic=nope", null).status());
    }

    @Test
    public void lastEventIdReplaysTheOutboxInOrderOnceThenLiveEvents() throws Exception {
        String key = newTenantKey();
        String first;
        String lastSeen;
        try (EventStream stream = api.events(key, null)) {
            first = pay(key);
            EventStream.SseEvent captured = stream.await(e -> CAPTURED.equals(e.name()) && e.data().contains(first),
                    CHANGE_VISIBLE, "the first capture");
            lastSeen = captured.id();
            assertThat("the id is the outbox position", captured.data(), containsString("\"baseplate.event.seq\":" + lastSeen));
        }
        Set<String> missed = new LinkedHashSet<>();
        for (int i = 0; i < 3; i++) {
            missed.add(pay(key));
        }

        try (EventStream resumed = api.events(key, lastSeen)) {
            List<EventStream.SseEvent> replayed = new ArrayList<>();
            for (int i = 0; i < 2 * missed.size(); i++) {
                replayed.add(resumed.await(e -> e.id() != null, CHANGE_VISIBLE, "replayed event " + (i + 1)));
            }
            long previous = Long.parseLong(lastSeen);
            Set<String> payments = new LinkedHashSet<>();
            for (EventStream.SseEvent event : replayed) {
                long id = Long.parseLong(event.id());
                assertTrue("in position order, after Last-Event-ID: " + replayed, id > previous);
                previous = id;
                assertFalse("not the payment before Last-Event-ID", event.data().contains(first));
                missed.stream().filter(event.data()::contains).forEach(payments::add);
            }
            assertEquals(missed, payments);
            String live = pay(key);
            EventStream.SseEvent next = resumed.await(e -> e.id() != null, CHANGE_VISIBLE, "the live event after the replay");
            assertEquals("nothing replayed twice", PENDING, next.name());
            assertThat(next.data(), containsString(live));
            assertTrue(Long.parseLong(next.id()) > previous);
        }
    }

    @Test
    public void aClientThatCannotBeReplayedToIsToldToReset() throws Exception {
        String key = newTenantKey();
        String known;
        try (EventStream stream = api.events(key, null)) {
            String payment = pay(key);
            known = stream.await(e -> CAPTURED.equals(e.name()) && e.data().contains(payment), CHANGE_VISIBLE, "capture").id();
        }
        for (String unusable : new String[] {"not-a-position", "-3", Long.toString(Long.MAX_VALUE)}) {
            try (EventStream stream = api.events(key, unusable)) {
                EventStream.SseEvent reset = stream.await(e -> e.name() != null, CHANGE_VISIBLE, "a reset for " + unusable);
                assertEquals("reset", reset.name());
                assertThat(reset.data(), containsString("unknown-position"));
                assertTrue("its id is a position to resume from", Long.parseLong(reset.id()) >= Long.parseLong(known));
                String payment = pay(key);
                assertThat("live events follow", stream.await(e -> e.id() != null, CHANGE_VISIBLE, "live").data(),
                        containsString(payment));
            }
        }

        LiveStreams streams = new LiveStreams(context);
        try {
            streams.configure(Map.of("replayLimit", 3));
            awaitCondition("the replay limit to apply", CHANGE_VISIBLE, () -> streams.configured("replayLimit", 3));
            pay(key);
            pay(key);
            try (EventStream stream = api.events(key, known)) {
                EventStream.SseEvent reset = stream.await(e -> e.name() != null, CHANGE_VISIBLE, "a reset");
                assertEquals("reset", reset.name());
                assertThat(reset.data(), containsString("too-many-missed"));
                String resetId = reset.id();
                String payment = pay(key);
                EventStream.SseEvent live = stream.await(e -> e.id() != null, CHANGE_VISIBLE, "live after the reset");
                assertThat(live.data(), containsString(payment));
                // From the reset's id there is nothing too many to replay.
                try (EventStream again = api.events(key, resetId)) {
                    EventStream.SseEvent first = again.await(e -> e.name() != null, CHANGE_VISIBLE, "the replay");
                    assertEquals(PENDING, first.name());
                    assertThat(first.data(), containsString(payment));
                }
            }
        } finally {
            streams.configure(Map.of());
        }
    }

    private String user(String adminKey, String role) {
        BaseplateApi.Reply created = api.post("/api/v1/users", adminKey, BaseplateApi.json(Map.of(
                "name", role.toLowerCase() + "-" + UUID.randomUUID() + "@example.com", "roles", List.of(role))));
        assertEquals(created.toString(), 201, created.status());
        return created.json().path("id").asText();
    }

    private String userKey(String adminKey, String userId, String role) {
        BaseplateApi.Reply key = api.post("/api/v1/keys", adminKey, BaseplateApi.json(Map.of("name", "laptop",
                "roles", List.of(role), "userId", userId)));
        assertEquals(key.toString(), 201, key.status());
        return key.json().path("key").asText();
    }

    /** Sends an event straight to Event Admin, as tenant lifecycle events are: it has no outbox position. */
    private void note(String tenantId, String text, String users, String roles) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("tenant.id", tenantId);
        properties.put("note", text);
        if (users != null) {
            properties.put("audience.users", users);
        }
        if (roles != null) {
            properties.put("audience.roles", roles);
        }
        ServiceReference<EventAdmin> reference = context.getServiceReference(EventAdmin.class);
        try {
            context.getService(reference).sendEvent(new Event(NOTE, properties));
        } finally {
            context.ungetService(reference);
        }
    }

    /** The notes a stream receives up to and with the one named "last"; fails on any other kind of event. */
    private static List<String> notesUntilLast(EventStream stream) throws InterruptedException {
        List<String> notes = new ArrayList<>();
        while (notes.isEmpty() || !notes.get(notes.size() - 1).equals("last")) {
            EventStream.SseEvent event = stream.await(e -> true, CHANGE_VISIBLE, "after " + notes);
            assertEquals(event.toString(), NOTE, event.name());
            assertEquals("an event without a position has no id", null, event.id());
            String data = event.data();
            int start = data.indexOf("\"note\":\"") + 8;
            notes.add(data.substring(start, data.indexOf('"', start)));
        }
        return notes;
    }

    /** The names of the events a stream receives up to the note "last". */
    private static List<String> namesUntilLast(EventStream stream) throws InterruptedException {
        List<String> names = new ArrayList<>();
        while (true) {
            EventStream.SseEvent event = stream.await(e -> true, CHANGE_VISIBLE, "after " + names);
            if (NOTE.equals(event.name())) {
                assertThat(event.data(), containsString("\"note\":\"last\""));
                names.add("last");
                return names;
            }
            names.add(event.name());
        }
    }

    private String pay(String key) {
        BaseplateApi.Reply payment = api.pay(key, UUID.randomUUID().toString(), 49900, "INR", SandboxProcessor.APPROVE);
        assertEquals(payment.toString(), 201, payment.status());
        return payment.json().path("id").asText();
    }
}

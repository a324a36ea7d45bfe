package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.baseplate.testkit.BaseplateOptions;

/**
 * Who may see and move a workflow instance, over HTTP with the shipped plugins deployed: a doctor cannot see
 * nor act on another doctor's appointment, an unrelated patient sees 404, a participant firing another's
 * transition gets 403, a transition in the wrong state 409 listing what the caller may fire; a courier cannot
 * post locations for an order not assigned to them. Hostile input is a 4xx, and of two racing transitions on one
 * instance exactly one wins.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WorkflowAccessIT extends BaseplateTestSupport {

    private static final String PROBLEM = BaseplateApi.PROBLEM_JSON;

    @Test
    public void onlyTheTwoParticipantsAndStaffSeeOrMoveAnAppointment() throws Exception {
        WorkflowParties parties = new WorkflowParties(api);
        liftRateLimit(parties.tenantId);
        Path jar = deployed(parties, "workflow-appointment-", "appointment");
        try {
            WorkflowParties.Person patient = parties.person("PATIENT");
            WorkflowParties.Person otherPatient = parties.person("PATIENT");
            WorkflowParties.Person doctor = parties.person("DOCTOR");
            WorkflowParties.Person otherDoctor = parties.person("DOCTOR");
            WorkflowParties.Person operator = parties.person("OPERATOR");
            String id = parties.started(patient.key(), "appointment", Map.of("doctorUserId", doctor.userId(),
                    "slotStart", WorkflowParties.slotIn(7 * 24 * 3600)));

            for (WorkflowParties.Person outsider : List.of(otherDoctor, otherPatient)) {
                expect(parties.get(outsider.key(), id), 404);
                expect(parties.history(outsider.key(), id), 404);
                expect(parties.fire(outsider.key(), id, "CONFIRM", null), 404);
                expect(parties.fire(outsider.key(), id, "CANCEL", "{\"reason\":\"mine now\"}"), 404);
                assertFalse(api.get("/api/v1/workflows", outsider.key()).body().contains(id));
            }
            expect(parties.get(operator.key(), id), 200);
            assertTrue(api.get("/api/v1/workflows?type=appointment", operator.key()).body().contains(id));
            assertTrue(api.get("/api/v1/workflows", doctor.key()).body().contains(id));

            expect(parties.fire(patient.key(), id, "CONFIRM", null), 403);
            expect(parties.fire(operator.key(), id, "CONFIRM", null), 403);
            expect(parties.fire(doctor.key(), id, "ACCEPT", null), 403);
            BaseplateApi.Reply early = expect(parties.fire(doctor.key(), id, "CHECK_IN", null), 409);
            assertEquals(early.toString(), List.of("CONFIRM", "PROPOSE", "CANCEL"), WorkflowParties.allowed(early));
            expect(parties.fire(doctor.key(), id, "FLY", null), 404);
            expect(parties.fire(doctor.key(), "00000000-0000-0000-0000-000000000000", "CONFIRM", null), 404);
            expect(parties.get(doctor.key(), "x".repeat(1000)), 404);
            for (String control : List.of("%00", "%01", "a%0Ab")) {
                // The HTTP server refuses some control characters in a path itself (400); none reaches a query.
                for (BaseplateApi.Reply reply : List.of(parties.get(doctor.key(), control), parties.fire(doctor.key(), id, control, null))) {
                    assertTrue(reply.toString(), reply.status() == 400 || reply.status() == 404);
                    assertEquals(reply.toString(), PROBLEM, reply.contentType());
                }
            }
            expect(parties.fire(doctor.key(), id, "' OR 1=1 --".replace(" ", "%20"), null), 404);

            BaseplateApi.Reply noReason = expect(parties.fire(doctor.key(), id, "CANCEL", null), 400);
            assertEquals(List.of("reason"), WorkflowParties.fields(noReason));
            BaseplateApi.Reply wrongType = expect(parties.fire(doctor.key(), id, "PROPOSE", "{\"slotStart\": true}"), 400);
            assertEquals(List.of("slotStart"), WorkflowParties.fields(wrongType));
            expect(parties.fire(doctor.key(), id, "PROPOSE", "[]"), 400);
            expect(parties.fire(doctor.key(), id, "PROPOSE", "{\"slotStart\":"), 400);
            expect(parties.fire(doctor.key(), id, "PROPOSE", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), 400);
            // On a connection of its own: the server answers 413 before the body is all sent and closes, which
            // the pooled client may meet as "Broken pipe" while still writing.
            byte[] hugeBody = ("{\"slotStart\":\"" + "9".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            try (RawHttp http = new RawHttp(Integer.parseInt(context.getProperty(BaseplateOptions.HTTP_PORT)), Duration.ofSeconds(10))) {
                RawHttp.Outcome huge = http.exchange(RawHttp.request("POST", "/api/v1/workflows/" + id + "/transitions/PROPOSE",
                        "localhost", List.of("X-Api-Key: " + doctor.key(), "Content-Type: application/json"), hugeBody), false, false);
                assertTrue("no answer: " + huge.noResponse(), huge.response() != null);
                assertTrue(huge.response().toString(), huge.response().status() == 413 || huge.response().status() == 400);
            }
            expect(api.postAs("/api/v1/workflows/" + id + "/transitions/PROPOSE", doctor.key(), "text/plain", "{}"), 415);
            expect(api.get("/api/v1/workflows/" + id + "/history?after=-1", doctor.key()), 400);
            expect(api.get("/api/v1/workflows/" + id + "/history?limit=0", doctor.key()), 400);
            expect(api.get("/api/v1/workflows?limit=abc", doctor.key()), 400);
            expect(parties.start(patient.key(), "../appointment", Map.of()), 400);
            expect(api.post("/api/v1/workflows", patient.key(), "{\"type\":\"appointment\",\"input\":[1]}"), 400);
            BaseplateApi.Reply badStart = expect(parties.start(patient.key(), "appointment",
                    Map.of("doctorUserId", 7, "slotStart", "2020-01-01T00:00:00Z")), 400);
            assertEquals(List.of("doctorUserId", "slotStart"), WorkflowParties.fields(badStart).stream().sorted().toList());
            expect(parties.start(doctor.key(), "appointment", Map.of("doctorUserId", otherDoctor.userId(),
                    "slotStart", WorkflowParties.slotIn(3600))), 403);

            assertEquals("CONFIRMED", parties.moved(doctor.key(), id, "CONFIRM", null));
            assertEquals("CHECKED_IN", parties.moved(operator.key(), id, "CHECK_IN", null));
            BaseplateApi.Reply history = expect(parties.history(patient.key(), id), 200);
            assertEquals(3, history.json().path("items").size());
        } finally {
            undeployed(parties, jar, "appointment");
        }
    }

    @Test
    public void ofTwoRacingTransitionsOnOneInstanceExactlyOneWins() throws Exception {
        WorkflowParties parties = new WorkflowParties(api);
        liftRateLimit(parties.tenantId);
        Path jar = deployed(parties, "workflow-appointment-", "appointment");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            WorkflowParties.Person patient = parties.person("PATIENT");
            WorkflowParties.Person doctor = parties.person("DOCTOR");
            for (int round = 0; round < 10; round++) {
                String id = parties.started(patient.key(), "appointment", Map.of("doctorUserId", doctor.userId(),
                        "slotStart", WorkflowParties.slotIn(7 * 24 * 3600)));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<BaseplateApi.Reply>> racers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    racers.add(pool.submit(() -> {
                        go.await();
                        return parties.fire(doctor.key(), id, "CONFIRM", null);
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<BaseplateApi.Reply> racer : racers) {
                    statuses.add(racer.get(30, TimeUnit.SECONDS).status());
                }
                assertEquals("round " + round + ": " + statuses, List.of(200, 409), statuses.stream().sorted().toList());
                assertEquals(2, parties.history(doctor.key(), id).json().path("items").size());
            }
        } finally {
            pool.shutdownNow();
            undeployed(parties, jar, "appointment");
        }
    }

    @Test
    public void aCourierPostsLocationsOnlyForTheOrderAssignedToThem() throws Exception {
        WorkflowParties parties = new WorkflowParties(api);
        liftRateLimit(parties.tenantId);
        Path jar = deployed(parties, "workflow-delivery-", "delivery");
        try {
            WorkflowParties.Person customer = parties.person("CUSTOMER");
            WorkflowParties.Person courier = parties.person("COURIER");
            WorkflowParties.Person otherCourier = parties.person("COURIER");
            String id = parties.started(customer.key(), "delivery", Map.of("address", "1 Main St"));
            expect(parties.fire(customer.key(), id, "ASSIGN", BaseplateApi.json(Map.of("courierUserId", courier.userId()))), 403);
            expect(parties.fire(courier.key(), id, "PICK_UP", null), 404);
            assertEquals("ASSIGNED", parties.moved(parties.adminKey, id, "ASSIGN", Map.of("courierUserId", courier.userId())));
            assertEquals("IN_TRANSIT", parties.moved(courier.key(), id, "PICK_UP", null));

            String location = BaseplateApi.json(Map.of("lat", 10.0, "lon", 20.0));
            expect(parties.fire(otherCourier.key(), id, "LOCATION", location), 404);
            expect(parties.get(otherCourier.key(), id), 404);
            expect(parties.fire(customer.key(), id, "LOCATION", location), 403);
            BaseplateApi.Reply outOfRange = expect(parties.fire(courier.key(), id, "LOCATION",
                    "{\"lat\": 91, \"lon\": -181, \"note\": 5}"), 400);
            assertEquals(List.of("lat", "lon", "note"), WorkflowParties.fields(outOfRange).stream().sorted().toList());
            expect(parties.fire(courier.key(), id, "LOCATION", "{\"lat\": \"10\", \"lon\": 20}"), 400);
            expect(parties.fire(courier.key(), id, "LOCATION", "{\"lat\": 1e999, \"lon\": 20}"), 400);
            expect(parties.fire(courier.key(), id, "LOCATION", location), 200);
            BaseplateApi.Reply seen = expect(parties.get(customer.key(), id), 200);
            assertEquals(10.0, seen.json().path("data").path("lat").asDouble(), 0);
            assertEquals(List.of(), WorkflowParties.allowed(seen));
            BaseplateApi.Reply delivered = expect(parties.fire(courier.key(), id, "DELIVER", null), 200);
            assertEquals("DELIVERED", delivered.json().path("state").asText());
            BaseplateApi.Reply late = expect(parties.fire(courier.key(), id, "LOCATION", location), 409);
            assertEquals(List.of(), WorkflowParties.allowed(late));
        } finally {
            undeployed(parties, jar, "delivery");
        }
    }

    private Path deployed(WorkflowParties parties, String jarPrefix, String type) throws Exception {
        Path jar = deploy(pluginJar(jarPrefix));
        awaitCondition(type + " to be listed", CHANGE_VISIBLE, () -> parties.listed(type));
        return jar;
    }

    private void undeployed(WorkflowParties parties, Path jar, String type) throws Exception {
        WorkflowParties.undeploy(jar);
        awaitCondition(type + " to be gone", CHANGE_VISIBLE, () -> !parties.listed(type));
    }

    private static BaseplateApi.Reply expect(BaseplateApi.Reply reply, int status) {
        assertEquals(reply.toString().length() > 500 ? reply.toString().substring(0, 500) : reply.toString(), status, reply.status());
        if (status >= 400) {
            assertEquals(reply.toString(), PROBLEM, reply.contentType());
        }
        return reply;
    }
}

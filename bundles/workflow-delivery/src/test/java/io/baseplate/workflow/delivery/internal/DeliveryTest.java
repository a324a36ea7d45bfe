package io.baseplate.workflow.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.baseplate.api.security.Role;
import io.baseplate.api.workflow.Actor;
import io.baseplate.api.workflow.Decision;
import io.baseplate.api.workflow.InputProblem;
import io.baseplate.api.workflow.StartRequest;
import io.baseplate.api.workflow.TransitionRequest;
import io.baseplate.api.workflow.WorkflowInstance;

class DeliveryTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Actor CUSTOMER = new Actor("cus-1", Set.of(Role.CUSTOMER), Set.of());
    private static final Actor OPERATOR = new Actor("op-1", Set.of(Role.OPERATOR), Set.of());
    private static final Actor COURIER = new Actor("cou-1", Set.of(Role.COURIER), Set.of("courier"));

    private final Delivery delivery = new Delivery();

    @Test
    void aCustomerPlacesAnOrderForThemselvesAndStaffForANamedCustomer() {
        Decision.Accept own = assertInstanceOf(Decision.Accept.class, delivery.start(new StartRequest("t", CUSTOMER,
                Map.of("address", "1 Main St", "reference", "order-7"), NOW)));
        assertEquals(Map.of("customer", "cus-1"), own.participants());
        assertEquals("order-7", own.data().get("reference"));
        Decision.Accept forOther = assertInstanceOf(Decision.Accept.class, delivery.start(new StartRequest("t", OPERATOR,
                Map.of("address", "1 Main St", "customerUserId", "cus-2"), NOW)));
        assertEquals(Map.of("customer", "cus-2"), forOther.participants());
        assertProblem(delivery.start(new StartRequest("t", OPERATOR, Map.of("address", "1 Main St"), NOW)),
                "customerUserId", "is required");
        assertProblem(delivery.start(new StartRequest("t", CUSTOMER, Map.of("address", "1 Main St", "customerUserId", "cus-2"), NOW)),
                "customerUserId", "a customer orders for themselves only");
        assertProblem(delivery.start(new StartRequest("t", CUSTOMER, Map.of("address", "x".repeat(501)), NOW)),
                "address", "must be at most 500 characters");
        assertProblem(delivery.start(new StartRequest("t", CUSTOMER, Map.of(), NOW)), "address", "is required");
    }

    @Test
    void staffAssignACourierWhoIsNotTheCustomer() {
        Decision.Accept assigned = assertInstanceOf(Decision.Accept.class,
                delivery.transition(fire("PLACED", "ASSIGN", OPERATOR, Map.of("courierUserId", "cou-1"))));
        assertEquals(Map.of("courier", "cou-1"), assigned.participants());
        assertProblem(delivery.transition(fire("PLACED", "ASSIGN", OPERATOR, Map.of("courierUserId", "cus-1"))),
                "courierUserId", "must be another user than the customer");
        assertProblem(delivery.transition(fire("PLACED", "ASSIGN", OPERATOR, Map.of("courierUserId", 7))),
                "courierUserId", "must be a string");
        assertProblem(delivery.transition(fire("PLACED", "ASSIGN", OPERATOR, Map.of())), "courierUserId", "is required");
    }

    @Test
    void aLocationUpdateTakesCoordinatesInRange() {
        Decision.Accept located = assertInstanceOf(Decision.Accept.class, delivery.transition(
                fire("IN_TRANSIT", "LOCATION", COURIER, Map.of("lat", 51.5, "lon", -0.12, "note", "near the bridge"))));
        assertEquals(51.5, located.data().get("lat"));
        assertEquals(-0.12, located.data().get("lon"));
        assertEquals("near the bridge", located.data().get("locationNote"));
        assertEquals(NOW.toString(), located.data().get("locatedAt"));

        Decision.Accept integral = assertInstanceOf(Decision.Accept.class, delivery.transition(
                fire("IN_TRANSIT", "LOCATION", COURIER, Map.of("lat", 90, "lon", -180))));
        assertEquals(90.0, integral.data().get("lat"));
        assertTrue(integral.data().containsKey("locationNote") && integral.data().get("locationNote") == null,
                "a location without a note clears the last note");

        assertProblem(delivery.transition(fire("IN_TRANSIT", "LOCATION", COURIER, Map.of("lat", 90.0001, "lon", 0))),
                "lat", "must be from -90 to 90");
        assertProblem(delivery.transition(fire("IN_TRANSIT", "LOCATION", COURIER, Map.of("lat", 0, "lon", -181))),
                "lon", "must be from -180 to 180");
        assertProblem(delivery.transition(fire("IN_TRANSIT", "LOCATION", COURIER, Map.of("lat", "51.5", "lon", 0))),
                "lat", "must be a number");
        assertProblem(delivery.transition(fire("IN_TRANSIT", "LOCATION", COURIER,
                Map.of("lat", new BigInteger("1" + "0".repeat(400)), "lon", 0))), "lat", "must be from -90 to 90");
        Map<String, Object> missing = new HashMap<>();
        missing.put("lat", null);
        missing.put("speed", 3);
        Decision.Invalid invalid = assertInstanceOf(Decision.Invalid.class,
                delivery.transition(fire("IN_TRANSIT", "LOCATION", COURIER, missing)));
        assertEquals(Set.of(new InputProblem("lat", "is required"), new InputProblem("lon", "is required"),
                new InputProblem("speed", "is not a field of this request")), Set.copyOf(invalid.problems()));
    }

    @Test
    void aFailureNeedsAReasonAndADeliveryMayCarryANote() {
        assertProblem(delivery.transition(fire("IN_TRANSIT", "FAIL", COURIER, Map.of())), "reason", "is required");
        assertEquals("nobody home", assertInstanceOf(Decision.Accept.class, delivery.transition(
                fire("IN_TRANSIT", "FAIL", COURIER, Map.of("reason", "nobody home")))).data().get("failureReason"));
        Decision.Accept delivered = assertInstanceOf(Decision.Accept.class,
                delivery.transition(fire("IN_TRANSIT", "DELIVER", COURIER, Map.of())));
        assertNull(delivered.data().get("deliveryNote"));
        assertProblem(delivery.transition(fire("ASSIGNED", "PICK_UP", COURIER, Map.of("at", "now"))),
                "at", "is not a field of this request");
    }

    @Test
    void theDefinitionSaysWhoFiresWhat() {
        assertEquals(Set.of(), delivery.definition().transition("ASSIGN").orElseThrow().participants(),
                "only staff assign couriers");
        assertEquals(Set.of("courier"), delivery.definition().transition("LOCATION").orElseThrow().participants());
        assertEquals(Set.of(), delivery.definition().transition("LOCATION").orElseThrow().roles(),
                "only the assigned courier posts locations, whatever roles others hold");
        assertEquals("IN_TRANSIT", delivery.definition().transition("LOCATION").orElseThrow().to());
    }

    private static void assertProblem(Decision decision, String field, String message) {
        Decision.Invalid invalid = assertInstanceOf(Decision.Invalid.class, decision);
        assertTrue(invalid.problems().contains(new InputProblem(field, message)), invalid.toString());
    }

    private TransitionRequest fire(String state, String transition, Actor actor, Map<String, Object> input) {
        WorkflowInstance instance = new WorkflowInstance("wf-1", "delivery", state,
                Map.of("customer", "cus-1", "courier", "cou-1"), Map.of("address", "1 Main St"), NOW, NOW);
        return new TransitionRequest("t", instance, delivery.definition().transition(transition).orElseThrow(), actor, input, NOW);
    }
}

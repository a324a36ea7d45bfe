package io.baseplate.workflow.delivery.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.baseplate.api.security.Role;
import io.baseplate.api.workflow.Actor;
import io.baseplate.api.workflow.Decision;
import io.baseplate.api.workflow.InputProblem;
import io.baseplate.api.workflow.StartRequest;
import io.baseplate.api.workflow.Transition;
import io.baseplate.api.workflow.TransitionRequest;
import io.baseplate.api.workflow.WorkflowDefinition;
import io.baseplate.api.workflow.WorkflowHandler;
import io.baseplate.api.workflow.WorkflowTypeId;

/**
 * An order delivered by a courier.
 *
 * <pre>
 * PLACED --ASSIGN (staff)--&gt; ASSIGNED --PICK_UP (courier)--&gt; IN_TRANSIT --DELIVER (courier)--&gt; DELIVERED
 * ASSIGNED --ASSIGN (staff)--&gt; ASSIGNED                  IN_TRANSIT --LOCATION (courier)--&gt; IN_TRANSIT
 * PLACED/ASSIGNED/IN_TRANSIT --FAIL (courier, staff)--&gt; FAILED
 * </pre>
 * Start input (a customer, or staff for a customer): {@code address}, {@code reference} (optional),
 * {@code customerUserId} (staff only). {@code ASSIGN} takes {@code courierUserId} and makes that user the
 * courier (again, to reassign); {@code LOCATION} takes {@code lat} (-90 to 90), {@code lon} (-180 to 180) and an
 * optional {@code note}; {@code DELIVER} an optional {@code note}; {@code FAIL} a required {@code reason}.
 */
@Component
@WorkflowTypeId(Delivery.TYPE)
public class Delivery implements WorkflowHandler {

    static final String TYPE = "delivery";

    static final String CUSTOMER = "customer";
    static final String COURIER = "courier";

    static final String PLACED = "PLACED";
    static final String ASSIGNED = "ASSIGNED";
    static final String IN_TRANSIT = "IN_TRANSIT";
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";

    static final String ASSIGN = "ASSIGN";
    static final String PICK_UP = "PICK_UP";
    static final String LOCATION = "LOCATION";
    static final String DELIVER = "DELIVER";
    static final String FAIL = "FAIL";

    static final int MAX_ADDRESS = 500;
    static final int MAX_REFERENCE = 100;
    static final int MAX_NOTE = 280;
    static final int MAX_REASON = 500;

    private static final Set<Role> STAFF = Set.of(Role.OPERATOR, Role.TENANT_ADMIN);

    static final WorkflowDefinition DEFINITION = new WorkflowDefinition(TYPE,
            List.of(PLACED, ASSIGNED, IN_TRANSIT, DELIVERED, FAILED), PLACED, List.of(CUSTOMER, COURIER),
            Set.of(Role.CUSTOMER, Role.OPERATOR, Role.TENANT_ADMIN),
            List.of(new Transition(ASSIGN, Set.of(PLACED, ASSIGNED), ASSIGNED, Set.of(), STAFF),
                    new Transition(PICK_UP, Set.of(ASSIGNED), IN_TRANSIT, Set.of(COURIER), Set.of()),
                    new Transition(LOCATION, Set.of(IN_TRANSIT), IN_TRANSIT, Set.of(COURIER), Set.of()),
                    new Transition(DELIVER, Set.of(IN_TRANSIT), DELIVERED, Set.of(COURIER), Set.of()),
                    new Transition(FAIL, Set.of(PLACED, ASSIGNED, IN_TRANSIT), FAILED, Set.of(COURIER), STAFF)));

    @Override
    public WorkflowDefinition definition() {
        return DEFINITION;
    }

    @Override
    public Decision start(StartRequest request) {
        List<InputProblem> problems = new ArrayList<>();
        Inputs input = new Inputs(request.input(), problems);
        input.refuseUnknown(Set.of("address", "reference", "customerUserId"));
        String address = input.text("address", MAX_ADDRESS, true);
        String reference = input.text("reference", MAX_REFERENCE, false);
        String customer = customerOf(request.actor(), input, problems);
        if (!problems.isEmpty()) {
            return Decision.invalid(problems);
        }
        Decision.Accept accept = Decision.accept().assign(CUSTOMER, customer).with("address", address);
        return reference == null ? accept : accept.with("reference", reference);
    }

    @Override
    public Decision transition(TransitionRequest request) {
        List<InputProblem> problems = new ArrayList<>();
        Inputs input = new Inputs(request.input(), problems);
        Decision.Accept accept = Decision.accept();
        switch (request.transition().name()) {
            case ASSIGN -> {
                input.refuseUnknown(Set.of("courierUserId"));
                String courier = input.userId("courierUserId", true);
                if (courier != null && courier.equals(request.instance().participants().get(CUSTOMER))) {
                    problems.add(new InputProblem("courierUserId", "must be another user than the customer"));
                }
                if (courier != null) {
                    accept = accept.assign(COURIER, courier);
                }
            }
            case PICK_UP -> input.refuseUnknown(Set.of());
            case LOCATION -> {
                input.refuseUnknown(Set.of("lat", "lon", "note"));
                Double lat = input.number("lat", -90, 90);
                Double lon = input.number("lon", -180, 180);
                // A location without a note removes the last one's, so the data shows the latest location only.
                accept = accept.with("lat", lat).with("lon", lon).with("locationNote", input.text("note", MAX_NOTE, false))
                        .with("locatedAt", request.now().toString());
            }
            case DELIVER -> {
                input.refuseUnknown(Set.of("note"));
                String note = input.text("note", MAX_NOTE, false);
                if (note != null) {
                    accept = accept.with("deliveryNote", note);
                }
            }
            case FAIL -> {
                input.refuseUnknown(Set.of("reason"));
                accept = accept.with("failureReason", input.text("reason", MAX_REASON, true));
            }
            default -> throw new IllegalArgumentException("Deliveries have no transition " + request.transition().name());
        }
        return problems.isEmpty() ? accept : Decision.invalid(problems);
    }

    /** The customer of a new order: a customer orders for themselves, staff name the customer. */
    private static String customerOf(Actor actor, Inputs input, List<InputProblem> problems) {
        if (actor.hasAnyRole(Role.OPERATOR, Role.TENANT_ADMIN)) {
            return input.userId("customerUserId", true);
        }
        String named = input.userId("customerUserId", false);
        if (actor.userId() == null) {
            problems.add(new InputProblem("", "a customer orders with their own user's key"));
            return null;
        }
        if (named != null && !named.equals(actor.userId())) {
            problems.add(new InputProblem("customerUserId", "a customer orders for themselves only"));
            return null;
        }
        return actor.userId();
    }
}

package io.baseplate.workflow.appointment.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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

class AppointmentTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant SLOT = Instant.parse("2026-12-01T09:30:00Z");
    private static final Actor PATIENT = new Actor("pat-1", Set.of(Role.PATIENT), Set.of());
    private static final Actor OPERATOR = new Actor("op-1", Set.of(Role.OPERATOR), Set.of());

    private final Appointment appointment = new Appointment(config(24));

    @Test
    void aPatientRequestsASlotForThemselves() {
        Decision.Accept accept = assertInstanceOf(Decision.Accept.class, appointment.start(start(PATIENT,
                Map.of("doctorUserId", "doc-1", "slotStart", "2026-12-01T10:30:00+01:00", "visitReason", "check-up"))));
        assertEquals(Map.of("patient", "pat-1", "doctor", "doc-1"), accept.participants());
        assertEquals(SLOT.toString(), accept.data().get("slotStart"), "the slot is stored in UTC");
        assertEquals("check-up", accept.data().get("visitReason"));
    }

    @Test
    void staffBookForANamedPatientAndAPatientOnlyForThemselves() {
        Decision.Accept byStaff = assertInstanceOf(Decision.Accept.class, appointment.start(start(OPERATOR,
                Map.of("doctorUserId", "doc-1", "patientUserId", "pat-9", "slotStart", SLOT.toString()))));
        assertEquals("pat-9", byStaff.participants().get("patient"));
        assertProblem(appointment.start(start(OPERATOR, Map.of("doctorUserId", "doc-1", "slotStart", SLOT.toString()))),
                "patientUserId", "is required");
        assertProblem(appointment.start(start(PATIENT, Map.of("doctorUserId", "doc-1", "patientUserId", "pat-2",
                "slotStart", SLOT.toString()))), "patientUserId", "a patient books for themselves only");
        assertProblem(appointment.start(start(PATIENT, Map.of("doctorUserId", "pat-1", "slotStart", SLOT.toString()))),
                "doctorUserId", "must be another user than the patient");
    }

    @Test
    void hostileOrWrongStartInputIsAProblemPerField() {
        Map<String, Object> input = new HashMap<>();
        input.put("doctorUserId", 42);
        input.put("slotStart", "tomorrow");
        input.put("visitReason", "x".repeat(501));
        input.put("extra", true);
        Decision.Invalid invalid = assertInstanceOf(Decision.Invalid.class, appointment.start(start(PATIENT, input)));
        assertEquals(Set.of("doctorUserId", "slotStart", "visitReason", "extra"),
                Set.copyOf(invalid.problems().stream().map(InputProblem::field).toList()), invalid.toString());
        assertProblem(appointment.start(start(PATIENT, Map.of("doctorUserId", "doc 1", "slotStart", SLOT.toString()))),
                "doctorUserId", "must be a user id, without spaces");
        assertProblem(appointment.start(start(PATIENT, Map.of("doctorUserId", "doc-1", "slotStart", "+999999999-12-31T00:00:00Z"))),
                "slotStart", "must be before the year 10000");
        assertProblem(appointment.start(start(PATIENT, Map.of("doctorUserId", "doc-1", "slotStart", "2026-12-01 09:30"))),
                "slotStart", "must be an ISO-8601 date and time with an offset, such as 2026-12-01T09:30:00Z");
        assertProblem(appointment.start(start(PATIENT, Map.of("doctorUserId", "doc-1", "slotStart", "2026-11-27T09:59:59Z"))),
                "slotStart", "must be in the future");
        assertProblem(appointment.start(start(PATIENT, Map.of("doctorUserId", "doc-1", "slotStart", "2028-11-27T09:59:59Z"))),
                "slotStart", "must be within 366 days");
        assertProblem(appointment.start(start(PATIENT, Map.of("doctorUserId", "doc-1", "slotStart", "2026-12-01T09:30:00Z\u0000"))),
                "slotStart", "must not contain control characters");
    }

    @Test
    void theDoctorConfirmsOnlyASlotThatHasNotBegun() {
        assertInstanceOf(Decision.Accept.class, appointment.transition(fire("REQUESTED", "CONFIRM", doctor(), Map.of(), NOW)));
        Decision.Refuse late = assertInstanceOf(Decision.Refuse.class,
                appointment.transition(fire("REQUESTED", "CONFIRM", doctor(), Map.of(), SLOT)));
        assertTrue(!late.conflict() && late.detail().contains("already begun"), late.toString());
        assertProblem(appointment.transition(fire("REQUESTED", "CONFIRM", doctor(), Map.of("force", true), NOW)),
                "force", "is not a field of this request");
    }

    @Test
    void theDoctorProposesAnotherTimeWhichThePatientAccepts() {
        Instant other = SLOT.plus(Duration.ofHours(2));
        Decision.Accept proposed = assertInstanceOf(Decision.Accept.class, appointment.transition(
                fire("REQUESTED", "PROPOSE", doctor(), Map.of("slotStart", other.toString()), NOW)));
        assertEquals(other.toString(), proposed.data().get("proposedStart"));
        assertProblem(appointment.transition(fire("REQUESTED", "PROPOSE", doctor(), Map.of("slotStart", SLOT.toString()), NOW)),
                "slotStart", "must differ from the requested slot; to keep it, CONFIRM");
        assertProblem(appointment.transition(fire("REQUESTED", "PROPOSE", doctor(), Map.of(), NOW)), "slotStart", "is required");

        Map<String, Object> data = new LinkedHashMap<>(Map.of("slotStart", SLOT.toString(), "proposedStart", other.toString()));
        Decision.Accept accepted = assertInstanceOf(Decision.Accept.class, appointment.transition(
                fire("PROPOSED", "ACCEPT", patient(), Map.of(), NOW, data)));
        assertEquals(other.toString(), accepted.data().get("slotStart"));
        assertTrue(accepted.data().containsKey("proposedStart") && accepted.data().get("proposedStart") == null,
                "the proposal is removed once accepted");
        assertInstanceOf(Decision.Refuse.class, appointment.transition(fire("PROPOSED", "ACCEPT", patient(), Map.of(),
                other.plusSeconds(1), data)));
    }

    @Test
    void aPatientCancelsAConfirmedAppointmentOnlyUntilTheWindow() {
        Instant lastMoment = SLOT.minus(Duration.ofHours(24));
        assertInstanceOf(Decision.Accept.class, appointment.transition(fire("CONFIRMED", "CANCEL", patient(), Map.of(), lastMoment)));
        Decision.Refuse late = assertInstanceOf(Decision.Refuse.class,
                appointment.transition(fire("CONFIRMED", "CANCEL", patient(), Map.of(), lastMoment.plusSeconds(1))));
        assertTrue(late.detail().contains("24 hours"), late.detail());
        assertInstanceOf(Decision.Accept.class, appointment.transition(
                fire("REQUESTED", "CANCEL", patient(), Map.of(), lastMoment.plusSeconds(1))), "an unconfirmed request can be withdrawn");

        Appointment shortWindow = new Appointment(config(2));
        assertInstanceOf(Decision.Accept.class, shortWindow.transition(fire("CONFIRMED", "CANCEL", patient(), Map.of(),
                lastMoment.plusSeconds(1))), "the window follows the configuration");
    }

    @Test
    void theDoctorCancelsAtAnyTimeButWithAReason() {
        assertProblem(appointment.transition(fire("CONFIRMED", "CANCEL", doctor(), Map.of(), SLOT)), "reason", "is required");
        assertProblem(appointment.transition(fire("CONFIRMED", "CANCEL", doctor(), Map.of("reason", "  "), SLOT)),
                "reason", "must not be blank");
        Decision.Accept cancelled = assertInstanceOf(Decision.Accept.class, appointment.transition(
                fire("CONFIRMED", "CANCEL", doctor(), Map.of("reason", "unwell"), SLOT.minusSeconds(60))));
        assertEquals("doctor", cancelled.data().get("cancelledBy"));
        assertEquals("unwell", cancelled.data().get("cancelReason"));
        assertProblem(appointment.transition(fire("CONFIRMED", "CANCEL", OPERATOR, Map.of(), SLOT)), "reason", "is required");
    }

    @Test
    void aNoShowIsRecordedOnlyOnceTheSlotHasBegun() {
        Decision.Refuse early = assertInstanceOf(Decision.Refuse.class,
                appointment.transition(fire("CONFIRMED", "NO_SHOW", doctor(), Map.of(), SLOT.minusSeconds(1))));
        assertTrue(early.conflict(), early.toString());
        assertInstanceOf(Decision.Accept.class, appointment.transition(fire("CONFIRMED", "NO_SHOW", doctor(), Map.of(), SLOT)));
    }

    @Test
    void theDefinitionSaysWhoFiresWhat() {
        var definition = appointment.definition();
        assertEquals(Set.of("doctor"), definition.transition("CONFIRM").orElseThrow().participants());
        assertEquals(Set.of(), definition.transition("CONFIRM").orElseThrow().roles(), "staff do not confirm for a doctor");
        assertEquals(Set.of("patient"), definition.transition("ACCEPT").orElseThrow().participants());
        assertEquals(Set.of(Role.OPERATOR, Role.TENANT_ADMIN), definition.transition("CHECK_IN").orElseThrow().roles());
        assertEquals(List.of("patient", "doctor"), definition.participants());
    }

    private static void assertProblem(Decision decision, String field, String message) {
        Decision.Invalid invalid = assertInstanceOf(Decision.Invalid.class, decision);
        assertTrue(invalid.problems().contains(new InputProblem(field, message)), invalid.toString());
    }

    private static Actor doctor() {
        return new Actor("doc-1", Set.of(Role.DOCTOR), Set.of("doctor"));
    }

    private static Actor patient() {
        return new Actor("pat-1", Set.of(Role.PATIENT), Set.of("patient"));
    }

    private static StartRequest start(Actor actor, Map<String, Object> input) {
        return new StartRequest("tenant-1", actor, input, NOW);
    }

    private TransitionRequest fire(String state, String transition, Actor actor, Map<String, Object> input, Instant now) {
        return fire(state, transition, actor, input, now, Map.of("slotStart", SLOT.toString()));
    }

    private TransitionRequest fire(String state, String transition, Actor actor, Map<String, Object> input, Instant now,
                                   Map<String, Object> data) {
        WorkflowInstance instance = new WorkflowInstance("wf-1", "appointment", state,
                Map.of("patient", "pat-1", "doctor", "doc-1"), data, NOW, NOW);
        return new TransitionRequest("tenant-1", instance, appointment.definition().transition(transition).orElseThrow(),
                actor, input, now);
    }

    private static Appointment.Config config(int hours) {
        return new Appointment.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return Appointment.Config.class;
            }

            @Override
            public int patientCancelHours() {
                return hours;
            }
        };
    }
}

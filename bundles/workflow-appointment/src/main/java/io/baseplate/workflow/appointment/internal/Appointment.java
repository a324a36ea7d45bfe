package io.baseplate.workflow.appointment.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

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
 * A patient's appointment with a doctor.
 *
 * <pre>
 * REQUESTED --CONFIRM (doctor)--------------------------&gt; CONFIRMED --CHECK_IN (doctor, staff)--&gt; CHECKED_IN --COMPLETE (doctor)--&gt; COMPLETED
 * REQUESTED/PROPOSED --PROPOSE (doctor)--&gt; PROPOSED --ACCEPT (patient)--&gt; CONFIRMED
 * CONFIRMED --NO_SHOW (doctor, staff; once the slot has begun)--&gt; NO_SHOW
 * REQUESTED/PROPOSED/CONFIRMED --CANCEL--&gt; CANCELLED
 * </pre>
 * Start input (a patient, or staff for a patient): {@code doctorUserId}, {@code slotStart} (ISO-8601, in the
 * future), {@code patientUserId} (staff only), {@code visitReason} (optional). {@code PROPOSE} takes a new
 * {@code slotStart}. {@code CANCEL}: a patient may cancel a confirmed appointment only until
 * {@link Config#patientCancelHours()} hours before its slot (an unconfirmed request at any time); a doctor or
 * staff may cancel at any time, giving a {@code reason}.
 */
@Component(configurationPid = Appointment.PID)
@WorkflowTypeId(Appointment.TYPE)
@Designate(ocd = Appointment.Config.class)
public class Appointment implements WorkflowHandler {

    static final String TYPE = "appointment";
    static final String PID = "io.baseplate.workflow.appointment";

    static final String PATIENT = "patient";
    static final String DOCTOR = "doctor";

    static final String REQUESTED = "REQUESTED";
    static final String PROPOSED = "PROPOSED";
    static final String CONFIRMED = "CONFIRMED";
    static final String CHECKED_IN = "CHECKED_IN";
    static final String COMPLETED = "COMPLETED";
    static final String CANCELLED = "CANCELLED";
    static final String NO_SHOW = "NO_SHOW";

    static final String CONFIRM = "CONFIRM";
    static final String PROPOSE = "PROPOSE";
    static final String ACCEPT = "ACCEPT";
    static final String CHECK_IN = "CHECK_IN";
    static final String COMPLETE = "COMPLETE";
    static final String CANCEL = "CANCEL";
    static final String NO_SHOW_RECORDED = "NO_SHOW";

    static final String SLOT_START = "slotStart";
    static final String PROPOSED_START = "proposedStart";
    static final String VISIT_REASON = "visitReason";
    static final String CANCELLED_BY = "cancelledBy";
    static final String CANCEL_REASON = "cancelReason";

    static final int MAX_REASON = 500;
    /** How far ahead a slot may be booked: a typo in the year is refused rather than booked. */
    static final Duration BOOKING_HORIZON = Duration.ofDays(366);

    private static final Set<Role> STAFF = Set.of(Role.OPERATOR, Role.TENANT_ADMIN);

    static final WorkflowDefinition DEFINITION = new WorkflowDefinition(TYPE,
            List.of(REQUESTED, PROPOSED, CONFIRMED, CHECKED_IN, COMPLETED, CANCELLED, NO_SHOW), REQUESTED,
            List.of(PATIENT, DOCTOR), Set.of(Role.PATIENT, Role.OPERATOR, Role.TENANT_ADMIN),
            List.of(new Transition(CONFIRM, Set.of(REQUESTED), CONFIRMED, Set.of(DOCTOR), Set.of()),
                    new Transition(PROPOSE, Set.of(REQUESTED, PROPOSED), PROPOSED, Set.of(DOCTOR), Set.of()),
                    new Transition(ACCEPT, Set.of(PROPOSED), CONFIRMED, Set.of(PATIENT), Set.of()),
                    new Transition(CHECK_IN, Set.of(CONFIRMED), CHECKED_IN, Set.of(DOCTOR), STAFF),
                    new Transition(COMPLETE, Set.of(CHECKED_IN), COMPLETED, Set.of(DOCTOR), Set.of()),
                    new Transition(CANCEL, Set.of(REQUESTED, PROPOSED, CONFIRMED), CANCELLED, Set.of(PATIENT, DOCTOR), STAFF),
                    new Transition(NO_SHOW_RECORDED, Set.of(CONFIRMED), NO_SHOW, Set.of(DOCTOR), STAFF)));

    @ObjectClassDefinition(name = "Baseplate appointments", description = "Rules of the appointment workflow")
    public @interface Config {

        @AttributeDefinition(name = "Patient cancellation window (hours)",
                description = "A patient may cancel a confirmed appointment until this many hours before its slot; later, only the doctor or staff can", min = "0")
        int patientCancelHours() default 24;
    }

    private volatile Duration patientCancelWindow;

    @Activate
    public Appointment(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        patientCancelWindow = Duration.ofHours(Math.max(0, config.patientCancelHours()));
    }

    @Override
    public WorkflowDefinition definition() {
        return DEFINITION;
    }

    @Override
    public Decision start(StartRequest request) {
        List<InputProblem> problems = new ArrayList<>();
        Inputs input = new Inputs(request.input(), problems);
        input.refuseUnknown(Set.of("doctorUserId", "patientUserId", SLOT_START, VISIT_REASON));
        String doctor = input.userId("doctorUserId", true);
        String patient = patientOf(request.actor(), input, problems);
        Instant slot = futureSlot(input, request.now(), problems);
        String reason = input.text(VISIT_REASON, MAX_REASON, false);
        if (doctor != null && doctor.equals(patient)) {
            problems.add(new InputProblem("doctorUserId", "must be another user than the patient"));
        }
        if (!problems.isEmpty()) {
            return Decision.invalid(problems);
        }
        Decision.Accept accept = Decision.accept().assign(PATIENT, patient).assign(DOCTOR, doctor)
                .with(SLOT_START, slot.toString());
        return reason == null ? accept : accept.with(VISIT_REASON, reason);
    }

    @Override
    public Decision transition(TransitionRequest request) {
        Map<String, Object> data = request.instance().data();
        Instant now = request.now();
        return switch (request.transition().name()) {
            case CONFIRM -> {
                Instant slot = Instant.parse((String) data.get(SLOT_START));
                yield !slot.isAfter(now)
                        ? Decision.rejected("The slot " + slot + " has already begun: propose another time instead")
                        : noInput(request, Decision.accept());
            }
            case PROPOSE -> propose(request);
            case ACCEPT -> {
                Instant proposed = Instant.parse((String) data.get(PROPOSED_START));
                yield !proposed.isAfter(now)
                        ? Decision.rejected("The proposed time " + proposed + " has already passed: ask the doctor for another")
                        : noInput(request, Decision.accept().with(SLOT_START, proposed.toString()).with(PROPOSED_START, null));
            }
            case CHECK_IN, COMPLETE -> noInput(request, Decision.accept());
            case NO_SHOW_RECORDED -> {
                Instant slot = Instant.parse((String) data.get(SLOT_START));
                yield now.isBefore(slot)
                        ? Decision.conflict("The slot begins at " + slot + ": a no-show can be recorded only once it has begun")
                        : noInput(request, Decision.accept());
            }
            case CANCEL -> cancel(request);
            default -> throw new IllegalArgumentException("Appointments have no transition " + request.transition().name());
        };
    }

    private Decision propose(TransitionRequest request) {
        List<InputProblem> problems = new ArrayList<>();
        Inputs input = new Inputs(request.input(), problems);
        input.refuseUnknown(Set.of(SLOT_START));
        Instant slot = futureSlot(input, request.now(), problems);
        if (slot != null && slot.toString().equals(request.instance().data().get(SLOT_START))) {
            problems.add(new InputProblem(SLOT_START, "must differ from the requested slot; to keep it, CONFIRM"));
        }
        return problems.isEmpty() ? Decision.accept().with(PROPOSED_START, slot.toString()) : Decision.invalid(problems);
    }

    private Decision cancel(TransitionRequest request) {
        Actor actor = request.actor();
        boolean staff = actor.hasAnyRole(Role.OPERATOR, Role.TENANT_ADMIN);
        boolean byPatient = actor.is(PATIENT) && !actor.is(DOCTOR) && !staff;
        List<InputProblem> problems = new ArrayList<>();
        Inputs input = new Inputs(request.input(), problems);
        input.refuseUnknown(Set.of("reason"));
        String reason = input.text("reason", MAX_REASON, !byPatient);
        if (!problems.isEmpty()) {
            return Decision.invalid(problems);
        }
        if (byPatient && CONFIRMED.equals(request.instance().state())) {
            Instant slot = Instant.parse((String) request.instance().data().get(SLOT_START));
            Instant deadline = slot.minus(patientCancelWindow);
            if (request.now().isAfter(deadline)) {
                return Decision.rejected("A patient may cancel a confirmed appointment until " + patientCancelWindow.toHours()
                        + " hours before its slot (" + deadline + "); ask the doctor or the practice to cancel it");
            }
        }
        String by = actor.is(DOCTOR) ? DOCTOR : byPatient ? PATIENT : "staff";
        Decision.Accept accept = Decision.accept().with(CANCELLED_BY, by);
        return reason == null ? accept : accept.with(CANCEL_REASON, reason);
    }

    /** The patient of a new appointment: a patient books for themselves, staff name the patient. */
    private static String patientOf(Actor actor, Inputs input, List<InputProblem> problems) {
        boolean staff = actor.hasAnyRole(Role.OPERATOR, Role.TENANT_ADMIN);
        if (staff) {
            return input.userId("patientUserId", true);
        }
        String named = input.userId("patientUserId", false);
        if (actor.userId() == null) {
            problems.add(new InputProblem("", "a patient books with their own user's key"));
            return null;
        }
        if (named != null && !named.equals(actor.userId())) {
            problems.add(new InputProblem("patientUserId", "a patient books for themselves only"));
            return null;
        }
        return actor.userId();
    }

    private static Instant futureSlot(Inputs input, Instant now, List<InputProblem> problems) {
        Instant given = input.time(SLOT_START, true);
        if (given == null) {
            return null;
        }
        // Slots are whole seconds, so one written back and compared (PROPOSE) reads the same.
        Instant slot = given.truncatedTo(ChronoUnit.SECONDS);
        if (!slot.isAfter(now)) {
            problems.add(new InputProblem(SLOT_START, "must be in the future"));
            return null;
        }
        if (slot.isAfter(now.plus(BOOKING_HORIZON))) {
            problems.add(new InputProblem(SLOT_START, "must be within " + BOOKING_HORIZON.toDays() + " days"));
            return null;
        }
        return slot;
    }

    /** A transition that takes no input refuses any field, so a misspelt option is not silently dropped. */
    private static Decision noInput(TransitionRequest request, Decision.Accept accept) {
        List<InputProblem> problems = new ArrayList<>();
        new Inputs(request.input(), problems).refuseUnknown(Set.of());
        return problems.isEmpty() ? accept : Decision.invalid(problems);
    }
}

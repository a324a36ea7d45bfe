package io.baseplate.api.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.baseplate.api.command.CommandRequest;

/**
 * What a handler decides about a start or a transition: {@link Accept} it, with its effects; answer that its
 * input is {@link Invalid} (400, per field); or {@link Refuse} it because a guard says no (409 or 422).
 */
public sealed interface Decision {

    /**
     * The start or transition happens. The platform writes, in one transaction: the instance's new state (the
     * transition's {@link Transition#to()}, or the type's initial state), {@code data} merged into the
     * instance's data, {@code participants} assigned, a history entry, the transition's event (carrying
     * {@code data}) and the extra {@code events} and {@code commands}.
     *
     * @param data         keys to set on the instance's data, flat: each value a String, Boolean, Integer, Long
     *                     or Double, or null to remove the key. Keys are letters and digits, starting with a
     *                     letter. Everyone who may see the instance sees its data, and the event carries it
     * @param participants participant slot to the user id that takes it (assigning a courier, say); a slot
     *                     of the type's {@link WorkflowDefinition#participants()}
     * @param events       extra events, see {@link WorkflowEvent}
     * @param commands     commands to submit, of the request's tenant
     */
    record Accept(Map<String, Object> data, Map<String, String> participants, List<WorkflowEvent> events,
                  List<CommandRequest> commands) implements Decision {

        public Accept {
            // A null value removes a key, so Map.copyOf (which refuses nulls) will not do.
            data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
            participants = Map.copyOf(participants);
            events = List.copyOf(events);
            commands = List.copyOf(commands);
        }

        /** This decision, also setting {@code key} (or removing it, with null). */
        public Accept with(String key, Object value) {
            Map<String, Object> more = new LinkedHashMap<>(data);
            more.put(key, value);
            return new Accept(more, participants, events, commands);
        }

        /** This decision, also assigning a participant slot. */
        public Accept assign(String part, String userId) {
            Map<String, String> more = new LinkedHashMap<>(participants);
            more.put(part, Objects.requireNonNull(userId, "userId"));
            return new Accept(data, more, events, commands);
        }

        /** This decision, also publishing an event. */
        public Accept publish(WorkflowEvent event) {
            List<WorkflowEvent> more = new ArrayList<>(events);
            more.add(event);
            return new Accept(data, participants, more, commands);
        }

        /** This decision, also submitting a command. */
        public Accept submit(CommandRequest command) {
            List<CommandRequest> more = new ArrayList<>(commands);
            more.add(command);
            return new Accept(data, participants, events, more);
        }
    }

    /**
     * The input is malformed or a field is invalid: 400, listing every problem.
     *
     * @param problems at least one
     */
    record Invalid(List<InputProblem> problems) implements Decision {

        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("An invalid input names at least one problem");
            }
        }
    }

    /**
     * A guard says no. {@code conflict}: the instance's moment does not allow it, and it may succeed later or
     * after another change (409); otherwise a business rule forbids it (422).
     *
     * @param detail a sentence for the caller saying why, e.g. {@code The slot has already started}
     */
    record Refuse(boolean conflict, String detail) implements Decision {

        public Refuse {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Accepts with no data, participants, events or commands; add them with the {@code Accept} methods. */
    static Accept accept() {
        return new Accept(Map.of(), Map.of(), List.of(), List.of());
    }

    /** A 400 listing these problems. */
    static Invalid invalid(List<InputProblem> problems) {
        return new Invalid(problems);
    }

    /** A 400 with one problem. */
    static Invalid invalid(String field, String message) {
        return new Invalid(List.of(new InputProblem(field, message)));
    }

    /** A 422: a business rule forbids it. */
    static Refuse rejected(String detail) {
        return new Refuse(false, detail);
    }

    /** A 409: not now. */
    static Refuse conflict(String detail) {
        return new Refuse(true, detail);
    }
}

package io.baseplate.workflows.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.baseplate.api.security.Role;
import io.baseplate.api.workflow.Actor;
import io.baseplate.api.workflow.Transition;
import io.baseplate.api.workflow.WorkflowDefinition;
import io.baseplate.api.workflow.WorkflowHandler;

/**
 * The engine's rules that need no database: what a valid definition is, who may see an instance and fire a
 * transition, and how a decision's data is checked and merged.
 */
final class WorkflowRules {

    /** The tenant's staff, who see and may act on every instance; also the audience of every workflow event. */
    static final Set<Role> STAFF = Set.of(Role.OPERATOR, Role.TENANT_ADMIN);
    /** {@code audience.roles} of every workflow event, in a stable order. */
    static final String STAFF_AUDIENCE = Role.OPERATOR.name() + "," + Role.TENANT_ADMIN.name();

    static final Pattern TYPE_ID = Pattern.compile("[a-z][a-z0-9-]{0,49}");
    static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,49}");
    static final Pattern PART = Pattern.compile("[a-z][a-z0-9-]{0,49}");
    static final Pattern DATA_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,49}");
    /** The longest user id a participant slot holds (the column's width). */
    static final int MAX_USER_ID = 100;

    private WorkflowRules() {
    }

    /** What is wrong with a handler's definition, registered under {@code serviceTypeId}; empty when it is sound. */
    static List<String> definitionProblems(WorkflowDefinition definition, String serviceTypeId) {
        List<String> problems = new ArrayList<>();
        if (!definition.type().equals(serviceTypeId)) {
            problems.add("defines type '" + definition.type() + "' but registers as '" + serviceTypeId + "'");
        }
        if (!TYPE_ID.matcher(definition.type()).matches()) {
            problems.add("type '" + definition.type() + "' is not lower case letters, digits and dashes");
        }
        Set<String> states = new HashSet<>(definition.states());
        definition.states().stream().filter(state -> !NAME.matcher(state).matches())
                .forEach(state -> problems.add("state '" + state + "' is not upper case letters, digits and underscores"));
        if (!states.contains(definition.initialState())) {
            problems.add("initial state '" + definition.initialState() + "' is not one of its states");
        }
        definition.participants().stream().filter(part -> !PART.matcher(part).matches())
                .forEach(part -> problems.add("participant '" + part + "' is not lower case letters, digits and dashes"));
        Set<String> names = new HashSet<>();
        for (Transition transition : definition.transitions()) {
            String name = transition.name();
            if (!NAME.matcher(name).matches() || WorkflowHandler.START.equals(name)) {
                problems.add("transition '" + name + "' is not a valid name");
            }
            if (!names.add(name)) {
                problems.add("transition '" + name + "' is defined twice");
            }
            if (!states.containsAll(transition.from()) || !states.contains(transition.to())) {
                problems.add("transition '" + name + "' names a state the type does not have");
            }
            if (!definition.participants().containsAll(transition.participants())) {
                problems.add("transition '" + name + "' names a participant the type does not have");
            }
        }
        return problems;
    }

    /** The slots of an instance a user holds; none for a caller without a user (a service account). */
    static Set<String> partsOf(String userId, Map<String, String> participants) {
        Set<String> parts = new LinkedHashSet<>();
        if (userId != null) {
            participants.forEach((part, holder) -> {
                if (userId.equals(holder)) {
                    parts.add(part);
                }
            });
        }
        return parts;
    }

    static boolean isStaff(Collection<Role> roles) {
        return roles.stream().anyMatch(STAFF::contains);
    }

    /** Only an instance's participants and the tenant's staff see it. */
    static boolean maySee(Actor actor) {
        return !actor.parts().isEmpty() || isStaff(actor.roles());
    }

    /** Whether the actor holds one of the transition's participant slots or one of its roles. */
    static boolean mayFire(Transition transition, Actor actor) {
        return actor.parts().stream().anyMatch(transition.participants()::contains)
                || actor.roles().stream().anyMatch(transition.roles()::contains);
    }

    /** The transitions this actor may fire in this state, in the definition's order. */
    static List<String> allowed(WorkflowDefinition definition, String state, Actor actor) {
        return definition.transitions().stream()
                .filter(transition -> transition.from().contains(state) && mayFire(transition, actor))
                .map(Transition::name).toList();
    }

    /**
     * A decision's data change, checked: flat keys, and values a String, Boolean, Long or Double (Integer becomes
     * Long), or null to remove. A handler that breaks this has a bug, so it is an {@link IllegalStateException}.
     */
    static Map<String, Object> checkedChanges(Map<String, Object> changes) {
        Map<String, Object> checked = new LinkedHashMap<>();
        changes.forEach((key, value) -> {
            if (key == null || !DATA_KEY.matcher(key).matches()) {
                throw new IllegalStateException("Workflow data key '" + key + "' is not letters and digits starting with a letter");
            }
            checked.put(key, scalar(key, value));
        });
        return checked;
    }

    /** The instance's data after a change: removed keys gone, set keys replaced. */
    static Map<String, Object> merged(Map<String, Object> data, Map<String, Object> changes) {
        Map<String, Object> merged = new LinkedHashMap<>(data);
        changes.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** Stored data read back: JSON integers arrive as Integer, which the SPI promises as Long. */
    static Map<String, Object> normalized(Map<String, Object> stored) {
        Map<String, Object> data = new LinkedHashMap<>();
        stored.forEach((key, value) -> data.put(key, value instanceof Integer number ? Long.valueOf(number) : value));
        return data;
    }

    /** Checks the slots a decision assigns: slots of the type, and user ids that fit. */
    static void checkAssignments(WorkflowDefinition definition, Map<String, String> assignments) {
        assignments.forEach((part, userId) -> {
            if (!definition.participants().contains(part)) {
                throw new IllegalStateException("Workflow type " + definition.type() + " assigns unknown participant '" + part + "'");
            }
            if (userId.isBlank() || userId.length() > MAX_USER_ID || userId.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalStateException("Workflow type " + definition.type() + " assigns '" + part
                        + "' a user id that is blank, longer than " + MAX_USER_ID + " characters or not printable");
            }
        });
    }

    /** The users an event of a transition is for: the participants before and after it, each once. */
    static String audience(Collection<String> before, Collection<String> after) {
        Set<String> users = new LinkedHashSet<>(before);
        users.addAll(after);
        return String.join(",", users);
    }

    /** The topic of a transition's (or a start's) event. */
    static String topic(String type, String transition) {
        return WorkflowHandler.TOPIC_ROOT + type + "/" + transition;
    }

    private static Object scalar(String key, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer number) {
            return Long.valueOf(number);
        }
        throw new IllegalStateException("Workflow data '" + key + "' must be a String, Boolean, Long or Double, not "
                + value.getClass().getSimpleName());
    }
}

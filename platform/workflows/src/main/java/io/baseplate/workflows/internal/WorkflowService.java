package io.baseplate.workflows.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.domain.DomainException;
import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.api.outbox.OutboxWriter;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.workflow.Actor;
import io.baseplate.api.workflow.Decision;
import io.baseplate.api.workflow.StartRequest;
import io.baseplate.api.workflow.Transition;
import io.baseplate.api.workflow.TransitionRequest;
import io.baseplate.api.workflow.WorkflowDefinition;
import io.baseplate.api.workflow.WorkflowEvent;
import io.baseplate.api.workflow.WorkflowEvents;
import io.baseplate.api.workflow.WorkflowHandler;
import io.baseplate.api.workflow.WorkflowInstance;

/**
 * Starts and moves workflow instances: the platform's side of {@link WorkflowHandler}. Each start and transition
 * is one transaction holding the instance's new state, its participants, a history step, the events and the
 * commands; a transition writes only if the instance still has the version it was decided on, so of two racing
 * transitions exactly one wins and the other is a 409.
 */
@Component(service = WorkflowService.class)
public class WorkflowService {

    /** The most an instance's data may hold, as JSON (the column's width). */
    static final int MAX_DATA = 16_000;
    /** The most one step's data may hold, as JSON (the column's width). */
    static final int MAX_STEP_DATA = 4_000;
    /** The widest list page. */
    static final int MAX_PAGE = 200;

    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();
    /** SQL states of a write that lost a race: a unique key taken (23505), a serialization failure (40001). */
    private static final Set<String> LOST_RACE_STATES = Set.of("23505", "40001");
    /** H2's "concurrent update" and lock timeout error codes, its ways of saying the same. */
    private static final Set<Integer> H2_LOST_RACE_CODES = Set.of(90131, 50200);

    /** An instance as a caller sees it, with the transitions that caller may fire now. */
    public record InstanceView(String id, String type, String state, Map<String, String> participants,
                               Map<String, Object> data, int version, Instant createdAt, Instant updatedAt,
                               boolean installed, List<String> allowed) {
    }

    /** One step of an instance's history. */
    public record StepView(int step, String transition, String from, String to, String actor,
                           Map<String, Object> data, Instant at) {
    }

    private final Persistence persistence;
    private final Outbox outbox;
    private final WorkflowHandlers handlers;
    private final Clock clock;

    @Activate
    public WorkflowService(@Reference Persistence persistence, @Reference Outbox outbox,
                           @Reference WorkflowHandlerRegistry registry) {
        this(persistence, outbox, registry, Clock.systemUTC());
    }

    WorkflowService(Persistence persistence, Outbox outbox, WorkflowHandlers handlers, Clock clock) {
        this.persistence = persistence;
        this.outbox = outbox;
        this.handlers = handlers;
        this.clock = clock;
    }

    /** Starts an instance of a type for the caller, as its handler decides. */
    public InstanceView start(Caller caller, String type, Map<String, Object> input) {
        String tenantId = caller.requireTenant();
        WorkflowHandler handler = installed(type);
        WorkflowDefinition definition = handler.definition();
        if (caller.roles().stream().noneMatch(definition.startRoles()::contains)) {
            throw DomainException.forbidden("Starting a workflow of type '" + type + "' needs one of the roles "
                    + sorted(definition.startRoles()));
        }
        Instant now = now();
        Actor starter = new Actor(caller.userId(), caller.roles(), Set.of());
        Decision.Accept accepted = accepted(handler.start(new StartRequest(tenantId, starter, input, now)));
        WorkflowRules.checkAssignments(definition, accepted.participants());
        Map<String, Object> changes = WorkflowRules.checkedChanges(accepted.data());
        Map<String, Object> data = WorkflowRules.merged(Map.of(), changes);
        String dataJson = fitting(WorkflowJson.write(data), MAX_DATA, "The instance's data");
        String stepJson = fitting(WorkflowJson.write(changes), MAX_STEP_DATA, "The data this start sets");
        String id = IDS.generate().toString();
        String actor = actorOf(caller);
        return writing(() -> outbox.inTenant(persistence, tenantId, (em, writer) -> {
            WorkflowInstanceEntity instance = new WorkflowInstanceEntity(id, type, definition.initialState(), dataJson, now);
            em.persist(instance);
            accepted.participants().forEach((part, userId) -> em.persist(new WorkflowParticipantEntity(id, part, userId)));
            em.persist(new WorkflowStepEntity(IDS.generate().toString(), id, 1, WorkflowHandler.START, null,
                    definition.initialState(), actor, stepJson, now));
            em.flush();
            Map<String, String> participants = new LinkedHashMap<>(accepted.participants());
            publish(writer, type, id, 1, WorkflowHandler.START, null, definition.initialState(), actor, now,
                    changes, WorkflowRules.audience(participants.values(), List.of()), accepted);
            return view(instance, definition.initialState(), data, 1, now, participants, definition, caller, true);
        }));
    }

    /** Fires a transition of an instance the caller may see. */
    public InstanceView fire(Caller caller, String instanceId, String transitionName, Map<String, Object> input) {
        String tenantId = caller.requireTenant();
        Instant now = now();
        String actorName = actorOf(caller);
        return writing(() -> outbox.inTenant(persistence, tenantId, (em, writer) -> {
            Seen seen = visible(em, caller, instanceId);
            WorkflowInstanceEntity instance = seen.instance();
            Map<String, String> participants = seen.participants();
            Actor actor = actorIn(caller, participants);
            WorkflowHandler handler = installed(instance.getType());
            WorkflowDefinition definition = handler.definition();
            Transition transition = definition.transition(transitionName).orElseThrow(() -> DomainException.notFound(
                    "Workflow type " + instance.getType() + " has no such transition; it has "
                            + definition.transitions().stream().map(Transition::name).toList()));
            if (!WorkflowRules.mayFire(transition, actor)) {
                throw DomainException.forbidden("You may not fire " + transition.name() + " on this " + instance.getType());
            }
            if (!transition.from().contains(instance.getState())) {
                throw new TransitionNotAllowed(transition.name(), instance.getState(),
                        WorkflowRules.allowed(definition, instance.getState(), actor));
            }
            Map<String, Object> before = WorkflowJson.read(instance.getData());
            WorkflowInstance current = new WorkflowInstance(instance.getId(), instance.getType(), instance.getState(),
                    participants, before, instance.getCreatedAt(), instance.getUpdatedAt());
            Decision.Accept accepted = accepted(handler.transition(
                    new TransitionRequest(tenantId, current, transition, actor, input, now)));
            WorkflowRules.checkAssignments(definition, accepted.participants());
            Map<String, Object> changes = WorkflowRules.checkedChanges(accepted.data());
            Map<String, Object> data = WorkflowRules.merged(before, changes);
            String dataJson = fitting(WorkflowJson.write(data), MAX_DATA, "The instance's data");
            String stepJson = fitting(WorkflowJson.write(changes), MAX_STEP_DATA, "The data this transition sets");
            int step = instance.getVersion() + 1;
            int moved = em.createNamedQuery(WorkflowInstanceEntity.MOVE).setParameter("state", transition.to())
                    .setParameter("data", dataJson).setParameter("next", step).setParameter("now", now)
                    .setParameter("id", instanceId).setParameter("version", instance.getVersion()).executeUpdate();
            if (moved != 1) {
                throw lostRace();
            }
            Map<String, String> after = new LinkedHashMap<>(participants);
            accepted.participants().forEach((part, userId) -> {
                WorkflowParticipantEntity holder = em.find(WorkflowParticipantEntity.class,
                        WorkflowParticipantEntity.idOf(instanceId, part));
                if (holder == null) {
                    em.persist(new WorkflowParticipantEntity(instanceId, part, userId));
                } else {
                    holder.assign(userId);
                }
                after.put(part, userId);
            });
            em.persist(new WorkflowStepEntity(IDS.generate().toString(), instanceId, step, transition.name(),
                    instance.getState(), transition.to(), actorName, stepJson, now));
            em.flush();
            publish(writer, instance.getType(), instanceId, step, transition.name(), instance.getState(),
                    transition.to(), actorName, now, changes, WorkflowRules.audience(participants.values(), after.values()),
                    accepted);
            return view(instance, transition.to(), data, step, now, after, definition, caller, true);
        }));
    }

    /** One instance, as the caller may see it; 404 for anyone who is neither a participant nor staff. */
    public InstanceView get(Caller caller, String instanceId) {
        String tenantId = caller.requireTenant();
        return persistence.inTenant(tenantId, em -> {
            Seen seen = visible(em, caller, instanceId);
            return viewOf(seen.instance(), seen.participants(), caller);
        });
    }

    /** An instance's history, oldest first: up to {@code limit} steps after step {@code after} (0 for the first). */
    public List<StepView> history(Caller caller, String instanceId, int after, int limit) {
        String tenantId = caller.requireTenant();
        return persistence.inTenant(tenantId, em -> {
            visible(em, caller, instanceId);
            return em.createNamedQuery(WorkflowStepEntity.OF_INSTANCE, WorkflowStepEntity.class)
                    .setParameter("instance", instanceId).setParameter("after", after).setMaxResults(limit)
                    .getResultList().stream()
                    .map(step -> new StepView(step.getStep(), step.getTransition(), step.getFromState(), step.getToState(),
                            step.getActor(), WorkflowJson.read(step.getData()), step.getOccurredAt())).toList();
        });
    }

    /**
     * The instances the caller may see, newest first: all of the tenant's for staff, those they take part in for
     * anyone else; optionally of one type and in one state.
     */
    public List<InstanceView> list(Caller caller, String type, String state, int limit) {
        String tenantId = caller.requireTenant();
        boolean staff = WorkflowRules.isStaff(caller.roles());
        if (!staff && caller.userId() == null) {
            return List.of();
        }
        return persistence.inTenant(tenantId, em -> {
            StringBuilder query = new StringBuilder("SELECT i FROM WorkflowInstanceEntity i WHERE 1 = 1");
            if (!staff) {
                query.append(" AND i.id IN (SELECT p.instanceId FROM WorkflowParticipantEntity p WHERE p.userId = :user)");
            }
            if (type != null) {
                query.append(" AND i.type = :type");
            }
            if (state != null) {
                query.append(" AND i.state = :state");
            }
            query.append(" ORDER BY i.createdAt DESC, i.id DESC");
            var select = em.createQuery(query.toString(), WorkflowInstanceEntity.class).setMaxResults(limit);
            if (!staff) {
                select.setParameter("user", caller.userId());
            }
            if (type != null) {
                select.setParameter("type", type);
            }
            if (state != null) {
                select.setParameter("state", state);
            }
            List<WorkflowInstanceEntity> instances = select.getResultList();
            if (instances.isEmpty()) {
                return List.of();
            }
            Map<String, Map<String, String>> participants = new HashMap<>();
            em.createNamedQuery(WorkflowParticipantEntity.OF_INSTANCES, WorkflowParticipantEntity.class)
                    .setParameter("instances", instances.stream().map(WorkflowInstanceEntity::getId).toList())
                    .getResultList().forEach(p -> participants.computeIfAbsent(p.getInstanceId(), id -> new LinkedHashMap<>())
                            .put(p.getPart(), p.getUserId()));
            List<InstanceView> views = new ArrayList<>();
            for (WorkflowInstanceEntity instance : instances) {
                views.add(viewOf(instance, participants.getOrDefault(instance.getId(), Map.of()), caller));
            }
            return views;
        });
    }

    private WorkflowHandler installed(String type) {
        return handlers.handler(type).orElseThrow(() -> DomainException.conflict(
                "Workflow type '" + type + "' is not installed; its instances stay readable, and can be started or moved again once it is"));
    }

    /** An instance the caller may see, with its participants. */
    private record Seen(WorkflowInstanceEntity instance, Map<String, String> participants) {
    }

    private static Seen visible(EntityManager em, Caller caller, String instanceId) {
        WorkflowInstanceEntity instance = em.find(WorkflowInstanceEntity.class, instanceId);
        Map<String, String> participants = instance == null ? Map.of() : participants(em, instanceId);
        if (instance == null || !WorkflowRules.maySee(actorIn(caller, participants))) {
            throw DomainException.notFound("No workflow instance with id '" + instanceId + "'");
        }
        return new Seen(instance, participants);
    }

    private static Map<String, String> participants(EntityManager em, String instanceId) {
        Map<String, String> participants = new LinkedHashMap<>();
        em.createNamedQuery(WorkflowParticipantEntity.OF_INSTANCE, WorkflowParticipantEntity.class)
                .setParameter("instance", instanceId).getResultList()
                .forEach(participant -> participants.put(participant.getPart(), participant.getUserId()));
        return participants;
    }

    private static Actor actorIn(Caller caller, Map<String, String> participants) {
        return new Actor(caller.userId(), caller.roles(), WorkflowRules.partsOf(caller.userId(), participants));
    }

    private InstanceView viewOf(WorkflowInstanceEntity instance, Map<String, String> participants, Caller caller) {
        WorkflowDefinition definition = handlers.handler(instance.getType()).map(WorkflowHandler::definition).orElse(null);
        return view(instance, instance.getState(), WorkflowJson.read(instance.getData()), instance.getVersion(),
                instance.getUpdatedAt(), participants, definition, caller, definition != null);
    }

    private static InstanceView view(WorkflowInstanceEntity instance, String state, Map<String, Object> data, int version,
                                     Instant updatedAt, Map<String, String> participants, WorkflowDefinition definition,
                                     Caller caller, boolean installed) {
        List<String> allowed = definition == null ? List.of()
                : WorkflowRules.allowed(definition, state, actorIn(caller, participants));
        return new InstanceView(instance.getId(), instance.getType(), state, Collections.unmodifiableMap(participants),
                Collections.unmodifiableMap(data), version, instance.getCreatedAt(), updatedAt, installed, allowed);
    }

    /** The transition's event, then the decision's own events and commands, all in the transaction. */
    private static void publish(OutboxWriter writer, String type, String instanceId, int step, String transition,
                                String from, String to, String actor, Instant at, Map<String, Object> changes,
                                String audienceUsers, Decision.Accept accepted) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(WorkflowEvents.INSTANCE_ID, instanceId);
        properties.put(WorkflowEvents.TYPE, type);
        properties.put(WorkflowEvents.TRANSITION, transition);
        if (from != null) {
            properties.put(WorkflowEvents.FROM, from);
        }
        properties.put(WorkflowEvents.TO, to);
        properties.put(WorkflowEvents.ACTOR, actor);
        properties.put(WorkflowEvents.STEP, (long) step);
        properties.put(PlatformEvents.AUDIENCE_USERS, audienceUsers);
        properties.put(PlatformEvents.AUDIENCE_ROLES, WorkflowRules.STAFF_AUDIENCE);
        properties.put(PlatformEvents.TIMESTAMP, at.toEpochMilli());
        changes.forEach((key, value) -> {
            if (value != null) {
                properties.put(WorkflowEvents.DATA_PREFIX + key, value);
            }
        });
        writer.publish(WorkflowRules.topic(type, transition), instanceId, properties);
        String ownTopics = WorkflowHandler.TOPIC_ROOT + type + "/";
        for (WorkflowEvent event : accepted.events()) {
            if (!event.topic().startsWith(ownTopics)) {
                throw new IllegalStateException("Workflow type " + type + " publishes " + event.topic()
                        + ", outside its own topics " + ownTopics + "*");
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put(WorkflowEvents.INSTANCE_ID, instanceId);
            extra.put(WorkflowEvents.TYPE, type);
            extra.put(PlatformEvents.AUDIENCE_USERS, audienceUsers);
            extra.put(PlatformEvents.AUDIENCE_ROLES, WorkflowRules.STAFF_AUDIENCE);
            extra.putAll(event.properties());
            writer.publish(event.topic(), instanceId, extra);
        }
        for (CommandRequest command : accepted.commands()) {
            writer.submit(command);
        }
    }

    private static Decision.Accept accepted(Decision decision) {
        if (decision instanceof Decision.Accept accept) {
            return accept;
        }
        if (decision instanceof Decision.Invalid invalid) {
            throw new InvalidInput(invalid.problems());
        }
        Decision.Refuse refused = (Decision.Refuse) decision;
        throw refused.conflict() ? DomainException.conflict(refused.detail()) : DomainException.rejected(refused.detail());
    }

    private static String fitting(String json, int max, String what) {
        if (json.length() > max) {
            throw DomainException.rejected(what + " would take more than " + max + " characters as JSON");
        }
        return json;
    }

    /** Runs a write; a database error that means another transition won the race is a 409. */
    private static <T> T writing(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (PersistenceException e) {
            if (lostRace(e)) {
                throw lostRace();
            }
            throw e;
        }
    }

    private static DomainException lostRace() {
        return DomainException.conflict("The instance was changed by another request meanwhile; read it again and retry");
    }

    private static boolean lostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (LOST_RACE_STATES.contains(sql.getSQLState())
                    || H2_LOST_RACE_CODES.contains(sql.getErrorCode()))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String actorOf(Caller caller) {
        return caller.userId() != null ? caller.userId() : "key:" + caller.keyPrefix();
    }

    private static List<String> sorted(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

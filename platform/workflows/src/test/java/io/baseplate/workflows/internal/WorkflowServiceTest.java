package io.baseplate.workflows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.workflow.WorkflowEvents;
import io.baseplate.api.workflow.WorkflowHandler;
import io.baseplate.core.testing.RecordingOutbox;
import io.baseplate.core.testing.TestDatabase;

/** The engine over a migrated H2 database, with {@link TicketHandler} installed. */
class WorkflowServiceTest {

    private static final String TENANT = "tenant-a";

    private final TestDatabase database;
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final TicketHandler tickets = new TicketHandler();
    private final Map<String, WorkflowHandler> installed = new ConcurrentHashMap<>(Map.of("ticket", tickets));
    private final WorkflowService workflows;

    private final Caller customer = caller(TENANT, "cus-1", Role.CUSTOMER);
    private final Caller otherCustomer = caller(TENANT, "cus-2", Role.CUSTOMER);
    private final Caller agent = caller(TENANT, "agent-1", Role.COURIER);
    private final Caller operator = caller(TENANT, "op-1", Role.OPERATOR);

    WorkflowServiceTest() throws SQLException {
        database = TestDatabase.inMemory();
        workflows = new WorkflowService(database.persistence(WorkflowInstanceEntity.class, WorkflowParticipantEntity.class,
                WorkflowStepEntity.class), outbox, type -> Optional.ofNullable(installed.get(type)),
                Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aStartStoresTheInstanceItsFirstStepAndItsEvent() {
        WorkflowService.InstanceView started = workflows.start(customer, "ticket", Map.of("subject", "broken"));
        assertEquals("NEW", started.state());
        assertEquals(Map.of("customer", "cus-1"), started.participants());
        assertEquals(Map.of("subject", "broken", "priority", 3L), started.data());
        assertEquals(List.of(), started.allowed(), "a customer may fire nothing on a NEW ticket");
        assertEquals(started, workflows.get(customer, started.id()));

        List<WorkflowService.StepView> history = workflows.history(customer, started.id(), 0, 1000);
        assertEquals(1, history.size());
        assertEquals("START", history.get(0).transition());
        assertEquals("cus-1", history.get(0).actor());

        RecordingOutbox.Published event = outbox.published.get(0);
        assertEquals("baseplate/workflow/ticket/START", event.topic());
        assertEquals(started.id(), event.sourceId());
        assertEquals("cus-1", event.properties().get(PlatformEvents.AUDIENCE_USERS));
        assertEquals("OPERATOR,TENANT_ADMIN", event.properties().get(PlatformEvents.AUDIENCE_ROLES));
        assertEquals("broken", event.properties().get("data.subject"));
        assertEquals(3L, event.properties().get("data.priority"));
        assertEquals(1L, event.properties().get(WorkflowEvents.STEP));
        assertFalse(event.properties().containsKey(WorkflowEvents.FROM));
    }

    @Test
    void startingNeedsAStartRoleValidInputAndAnInstalledType() {
        assertKind(DomainException.Kind.FORBIDDEN, () -> workflows.start(caller(TENANT, "doc", Role.DOCTOR), "ticket",
                Map.of("subject", "x")));
        InvalidInput invalid = assertThrows(InvalidInput.class, () -> workflows.start(customer, "ticket", Map.of("subject", 5)));
        assertEquals("subject: is required", invalid.getMessage());
        assertKind(DomainException.Kind.CONFLICT, () -> workflows.start(customer, "parcel", Map.of()));
        assertKind(DomainException.Kind.FORBIDDEN, () -> workflows.start(Caller.admin("k", "p"), "ticket", Map.of()));
        assertTrue(outbox.published.isEmpty());
    }

    @Test
    void onlyParticipantsAndStaffSeeAnInstanceOthersAreToldItDoesNotExist() {
        String id = workflows.start(customer, "ticket", Map.of("subject", "broken")).id();
        assertKind(DomainException.Kind.NOT_FOUND, () -> workflows.get(otherCustomer, id));
        assertKind(DomainException.Kind.NOT_FOUND, () -> workflows.history(otherCustomer, id, 0, 1000));
        assertKind(DomainException.Kind.NOT_FOUND, () -> workflows.fire(otherCustomer, id, "CLOSE", Map.of()));
        assertKind(DomainException.Kind.NOT_FOUND, () -> workflows.get(caller("tenant-b", "op-b", Role.OPERATOR), id));
        assertKind(DomainException.Kind.NOT_FOUND, () -> workflows.get(customer, "no-such-id"));
        assertEquals(List.of(), workflows.list(otherCustomer, null, null, 50));
        assertEquals(1, workflows.list(customer, null, null, 50).size());
        assertEquals(1, workflows.list(operator, "ticket", "NEW", 50).size());
        assertEquals(0, workflows.list(operator, "ticket", "OPEN", 50).size());
        assertEquals(List.of("ASSIGN"), workflows.get(operator, id).allowed());
    }

    @Test
    void transitionsFollowTheDefinitionWhoMayFireThemAndTheHandlersGuards() {
        String id = workflows.start(customer, "ticket", Map.of("subject", "broken")).id();
        assertKind(DomainException.Kind.FORBIDDEN, () -> workflows.fire(customer, id, "ASSIGN", Map.of("agent", "agent-1")));
        assertKind(DomainException.Kind.NOT_FOUND, () -> workflows.fire(operator, id, "assign", Map.of()));
        assertKind(DomainException.Kind.NOT_FOUND, () -> workflows.fire(operator, id, "START", Map.of()));

        WorkflowService.InstanceView open = workflows.fire(operator, id, "ASSIGN", Map.of("agent", "agent-1"));
        assertEquals("OPEN", open.state());
        assertEquals("agent-1", open.participants().get("agent"));
        assertEquals(List.of("NOTE", "CLOSE"), workflows.get(agent, id).allowed(), "the agent now sees and acts on it");

        assertKind(DomainException.Kind.CONFLICT, () -> workflows.fire(agent, id, "NOTE", Map.of("text", "too late")));
        InvalidInput invalid = assertThrows(InvalidInput.class, () -> workflows.fire(agent, id, "NOTE", Map.of("text", 1)));
        assertEquals("text", invalid.problems().get(0).field());
        assertKind(DomainException.Kind.REJECTED, () -> workflows.fire(agent, id, "NOTE", Map.of("text", "x".repeat(20_000))));

        assertEquals("OPEN", workflows.fire(agent, id, "NOTE", Map.of("text", "looking")).state());
        WorkflowService.InstanceView closed = workflows.fire(customer, id, "CLOSE", Map.of());
        assertEquals("CLOSED", closed.state());
        assertFalse(closed.data().containsKey("note"), "CLOSE removes the note");
        TransitionNotAllowed again = assertThrows(TransitionNotAllowed.class, () -> workflows.fire(customer, id, "CLOSE", Map.of()));
        assertEquals(List.of("REOPEN"), again.allowed());
        assertEquals(List.of(), assertThrows(TransitionNotAllowed.class,
                () -> workflows.fire(agent, id, "NOTE", Map.of("text", "x"))).allowed());

        assertEquals(List.of("START", "ASSIGN", "NOTE", "CLOSE"),
                workflows.history(operator, id, 0, 1000).stream().map(WorkflowService.StepView::transition).toList());
        assertEquals(List.of("ticket.survey"), outbox.submitted.stream().map(c -> c.type()).toList());
        assertEquals(List.of("START", "ASSIGN", "NOTE", "CLOSE", "SURVEY_DUE"),
                outbox.published.stream().map(e -> e.topic().substring(e.topic().lastIndexOf('/') + 1)).toList());
        RecordingOutbox.Published survey = outbox.published.get(4);
        assertEquals(Set.of("cus-1", "agent-1"), users(survey));
        assertEquals("email", survey.properties().get("channel"));
    }

    @Test
    void aReassignmentIsHeardByTheAgentBeforeAndAfter() {
        String id = workflows.start(customer, "ticket", Map.of("subject", "broken")).id();
        workflows.fire(operator, id, "ASSIGN", Map.of("agent", "agent-1"));
        workflows.fire(operator, id, "ASSIGN", Map.of("agent", "agent-2"));
        RecordingOutbox.Published last = outbox.published.get(outbox.published.size() - 1);
        assertEquals(Set.of("cus-1", "agent-1", "agent-2"), users(last));
        assertKind(DomainException.Kind.NOT_FOUND, () -> workflows.get(agent, id));
    }

    @Test
    void anUninstalledTypesInstancesStayReadableButCannotMoveOrStart() {
        String id = workflows.start(customer, "ticket", Map.of("subject", "broken")).id();
        installed.clear();
        WorkflowService.InstanceView read = workflows.get(operator, id);
        assertFalse(read.installed());
        assertEquals(List.of(), read.allowed());
        assertEquals(1, workflows.history(customer, id, 0, 1000).size());
        assertEquals(1, workflows.list(customer, null, null, 10).size());
        DomainException moving = assertThrows(DomainException.class,
                () -> workflows.fire(operator, id, "ASSIGN", Map.of("agent", "a")));
        assertEquals(DomainException.Kind.CONFLICT, moving.kind());
        assertTrue(moving.getMessage().contains("not installed"), moving.getMessage());
        assertKind(DomainException.Kind.CONFLICT, () -> workflows.start(customer, "ticket", Map.of("subject", "x")));
        assertKind(DomainException.Kind.NOT_FOUND, () -> workflows.get(otherCustomer, id));
    }

    @Test
    void ofTwoRacingTransitionsExactlyOneWins() throws Exception {
        String id = workflows.start(customer, "ticket", Map.of("subject", "broken")).id();
        workflows.fire(operator, id, "ASSIGN", Map.of("agent", "agent-1"));
        int eventsBefore = outbox.published.size();
        tickets.arrived = new CountDownLatch(2);
        tickets.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<WorkflowService.InstanceView> byAgent = pool.submit(() -> workflows.fire(agent, id, "CLOSE", Map.of()));
            Future<WorkflowService.InstanceView> byCustomer = pool.submit(() -> workflows.fire(customer, id, "CLOSE", Map.of()));
            assertTrue(tickets.arrived.await(10, TimeUnit.SECONDS), "both decided on the same version");
            tickets.gate.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<WorkflowService.InstanceView> outcome : List.of(byAgent, byCustomer)) {
                try {
                    outcomes.add(outcome.get(20, TimeUnit.SECONDS).state());
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(e.getCause() instanceof DomainException refused ? refused.kind() : e.getCause());
                }
            }
            assertEquals(Set.of("CLOSED", DomainException.Kind.CONFLICT), Set.copyOf(outcomes), outcomes.toString());
        } finally {
            tickets.gate = null;
            pool.shutdownNow();
        }
        assertEquals(3, workflows.history(operator, id, 0, 1000).size(), "one CLOSE in history");
        assertEquals(eventsBefore + 2, outbox.published.size(), "one CLOSE and its survey event");
        assertEquals(1, outbox.submitted.size());
    }

    @Test
    void aHundredStayingTransitionsAreStoredAndPublishedInOrder() {
        String id = workflows.start(customer, "ticket", Map.of("subject", "broken")).id();
        workflows.fire(operator, id, "ASSIGN", Map.of("agent", "agent-1"));
        for (int i = 0; i < 100; i++) {
            workflows.fire(agent, id, "NOTE", Map.of("text", "note " + i));
        }
        List<WorkflowService.StepView> history = workflows.history(agent, id, 0, 1000);
        assertEquals(102, history.size());
        for (int i = 0; i < 100; i++) {
            WorkflowService.StepView step = history.get(i + 2);
            assertEquals(i + 3, step.step());
            assertEquals("OPEN", step.from());
            assertEquals(Map.of("note", "note " + i), step.data());
        }
        List<Object> steps = outbox.published.stream().map(e -> (Object) e.properties().get(WorkflowEvents.STEP)).toList();
        for (int i = 0; i < steps.size(); i++) {
            assertEquals((long) i + 1, steps.get(i));
        }
        assertEquals(102, workflows.get(agent, id).version());
        assertEquals(List.of(51, 52, 53), workflows.history(customer, id, 50, 3).stream().map(WorkflowService.StepView::step).toList(),
                "a page after a step");
    }

    private static Set<String> users(RecordingOutbox.Published event) {
        return Set.of(((String) event.properties().get(PlatformEvents.AUDIENCE_USERS)).split(","));
    }

    private static Caller caller(String tenantId, String userId, Role... roles) {
        return new Caller(tenantId, userId, "key-" + userId, "p" + userId, Set.of(roles));
    }

    private static void assertKind(DomainException.Kind kind, org.junit.jupiter.api.function.Executable call) {
        DomainException refused = assertThrows(DomainException.class, call);
        assertEquals(kind, refused.kind(), refused.getMessage());
    }
}

package io.baseplate.workflows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.baseplate.api.security.Role;
import io.baseplate.api.workflow.Actor;
import io.baseplate.api.workflow.Transition;
import io.baseplate.api.workflow.WorkflowDefinition;

class WorkflowRulesTest {

    @Test
    void aSoundDefinitionHasNoProblems() {
        assertEquals(List.of(), WorkflowRules.definitionProblems(TicketHandler.DEFINITION, "ticket"));
    }

    @Test
    void aBrokenDefinitionIsNamedProblemByProblem() {
        WorkflowDefinition broken = new WorkflowDefinition("Ticket", List.of("NEW", "open"), "DONE", List.of("Agent"),
                Set.of(), List.of(new Transition("START", Set.of("NEW"), "NEW", Set.of(), Set.of()),
                        new Transition("GO", Set.of("NEW"), "GONE", Set.of("agent"), Set.of()),
                        new Transition("GO", Set.of("NEW"), "NEW", Set.of(), Set.of())));
        List<String> problems = WorkflowRules.definitionProblems(broken, "ticket");
        assertEquals(List.of("defines type 'Ticket' but registers as 'ticket'",
                "type 'Ticket' is not lower case letters, digits and dashes",
                "state 'open' is not upper case letters, digits and underscores",
                "initial state 'DONE' is not one of its states",
                "participant 'Agent' is not lower case letters, digits and dashes",
                "transition 'START' is not a valid name",
                "transition 'GO' names a state the type does not have",
                "transition 'GO' names a participant the type does not have",
                "transition 'GO' is defined twice"), problems);
    }

    @Test
    void participantsAndRoleHoldersMayFireAndSee() {
        Transition close = TicketHandler.DEFINITION.transition("CLOSE").orElseThrow();
        Actor agent = new Actor("a", Set.of(Role.COURIER), WorkflowRules.partsOf("a", Map.of("agent", "a", "customer", "c")));
        Actor stranger = new Actor("s", Set.of(Role.CUSTOMER), WorkflowRules.partsOf("s", Map.of("agent", "a")));
        Actor serviceAccount = new Actor(null, Set.of(Role.CUSTOMER), WorkflowRules.partsOf(null, Map.of("agent", "a")));
        Actor operator = new Actor("o", Set.of(Role.OPERATOR), Set.of());
        assertTrue(WorkflowRules.mayFire(close, agent));
        assertFalse(WorkflowRules.mayFire(close, stranger));
        assertFalse(WorkflowRules.mayFire(close, operator), "CLOSE names no role");
        assertTrue(WorkflowRules.maySee(agent));
        assertTrue(WorkflowRules.maySee(operator));
        assertFalse(WorkflowRules.maySee(stranger));
        assertFalse(WorkflowRules.maySee(serviceAccount));
        assertTrue(WorkflowRules.maySee(new Actor(null, Set.of(Role.TENANT_ADMIN), Set.of())));
        assertEquals(List.of("NOTE", "CLOSE"), WorkflowRules.allowed(TicketHandler.DEFINITION, "OPEN", agent));
        assertEquals(List.of("ASSIGN"), WorkflowRules.allowed(TicketHandler.DEFINITION, "OPEN", operator));
        assertEquals(List.of(), WorkflowRules.allowed(TicketHandler.DEFINITION, "GONE", operator), "a state the type lost");
    }

    @Test
    void dataChangesAreFlatScalarsAndNullRemoves() {
        Map<String, Object> changes = new HashMap<>();
        changes.put("count", 3);
        changes.put("gone", null);
        Map<String, Object> checked = WorkflowRules.checkedChanges(changes);
        assertEquals(3L, checked.get("count"));
        assertEquals(Map.of("count", 3L, "kept", true), WorkflowRules.merged(Map.of("gone", "x", "kept", true), checked));
        assertThrows(IllegalStateException.class, () -> WorkflowRules.checkedChanges(Map.of("list", List.of(1))));
        assertThrows(IllegalStateException.class, () -> WorkflowRules.checkedChanges(Map.of("data.x", "y")));
        assertThrows(IllegalStateException.class, () -> WorkflowRules.checkedChanges(Map.of("big", new java.math.BigDecimal("1.5"))));
        assertThrows(IllegalStateException.class, () -> WorkflowRules.checkAssignments(TicketHandler.DEFINITION, Map.of("boss", "u")));
        assertThrows(IllegalStateException.class, () -> WorkflowRules.checkAssignments(TicketHandler.DEFINITION, Map.of("agent", " ")));
    }

    @Test
    void audienceListsEveryoneBeforeAndAfterOnce() {
        assertEquals("c,a,b", WorkflowRules.audience(List.of("c", "a"), List.of("c", "b")));
        assertEquals("baseplate/workflow/ticket/CLOSE", WorkflowRules.topic("ticket", "CLOSE"));
    }
}

package io.baseplate.workflows.internal;

import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.security.Role;
import io.baseplate.api.workflow.Decision;
import io.baseplate.api.workflow.StartRequest;
import io.baseplate.api.workflow.Transition;
import io.baseplate.api.workflow.TransitionRequest;
import io.baseplate.api.workflow.WorkflowDefinition;
import io.baseplate.api.workflow.WorkflowEvent;
import io.baseplate.api.workflow.WorkflowHandler;

/**
 * A small workflow type for the engine's tests: a customer's support ticket, which staff assign to an agent, who
 * notes progress (staying OPEN), and which the agent or the customer closes (and the customer reopens). CLOSE publishes an extra event and
 * submits a command; {@link #gate}, when set, holds decisions until released, to make two transitions race.
 */
final class TicketHandler implements WorkflowHandler {

    static final WorkflowDefinition DEFINITION = new WorkflowDefinition("ticket", List.of("NEW", "OPEN", "CLOSED"), "NEW",
            List.of("customer", "agent"), Set.of(Role.CUSTOMER, Role.OPERATOR),
            List.of(new Transition("ASSIGN", Set.of("NEW", "OPEN"), "OPEN", Set.of(), Set.of(Role.OPERATOR, Role.TENANT_ADMIN)),
                    new Transition("NOTE", Set.of("OPEN"), "OPEN", Set.of("agent"), Set.of()),
                    new Transition("CLOSE", Set.of("OPEN"), "CLOSED", Set.of("agent", "customer"), Set.of()),
                    new Transition("REOPEN", Set.of("CLOSED"), "OPEN", Set.of("customer"), Set.of())));

    volatile CountDownLatch gate;
    volatile CountDownLatch arrived;

    @Override
    public WorkflowDefinition definition() {
        return DEFINITION;
    }

    @Override
    public Decision start(StartRequest request) {
        Object subject = request.input().get("subject");
        if (!(subject instanceof String text) || text.isBlank()) {
            return Decision.invalid("subject", "is required");
        }
        return Decision.accept().assign("customer", request.actor().userId()).with("subject", text).with("priority", 3);
    }

    @Override
    public Decision transition(TransitionRequest request) {
        awaitGate();
        return switch (request.transition().name()) {
            case "ASSIGN" -> Decision.accept().assign("agent", (String) request.input().get("agent"));
            case "NOTE" -> {
                Object text = request.input().get("text");
                if ("too late".equals(text)) {
                    yield Decision.conflict("Notes are closed for today");
                }
                yield text instanceof String note ? Decision.accept().with("note", note)
                        : Decision.invalid("text", "must be a string");
            }
            case "CLOSE" -> Decision.accept().with("note", null)
                    .publish(new WorkflowEvent("baseplate/workflow/ticket/SURVEY_DUE", Map.of("channel", "email")))
                    .submit(CommandRequest.of(request.tenantId(), "ticket.survey", Map.of("ticket", request.instance().id())));
            case "REOPEN" -> Decision.accept();
            default -> throw new IllegalArgumentException(request.transition().name());
        };
    }

    private void awaitGate() {
        CountDownLatch held = gate;
        if (held != null) {
            arrived.countDown();
            try {
                held.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package io.baseplate.workflows.internal;

import java.util.Optional;

import io.baseplate.api.workflow.WorkflowHandler;

/** Finds the handler of a workflow type: the registry in the platform, a fixed set in unit tests. */
@FunctionalInterface
interface WorkflowHandlers {

    Optional<WorkflowHandler> handler(String type);
}

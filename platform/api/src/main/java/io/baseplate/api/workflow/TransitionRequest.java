package io.baseplate.api.workflow;

import java.time.Instant;
import java.util.Map;

/**
 * A request to fire a transition, which the platform hands to {@link WorkflowHandler#transition} after it
 * has checked that the transition may be fired in the instance's state and by this actor.
 *
 * @param tenantId   the instance's tenant (for the commands a decision submits)
 * @param instance   the instance as it stands
 * @param transition the transition fired
 * @param actor      who fires it, with the participant slots they hold in this instance
 * @param input      the request's JSON body as Java values; an empty map when there was none. It comes from
 *                   the caller: check every field
 * @param now        the time of the request, the one clock a handler's guards compare with
 */
public record TransitionRequest(String tenantId, WorkflowInstance instance, Transition transition, Actor actor,
                                Map<String, Object> input, Instant now) {
}

package io.baseplate.api.workflow;

import java.time.Instant;
import java.util.Map;

/**
 * A request to start an instance, which the platform hands to {@link WorkflowHandler#start} once the caller
 * holds one of the type's start roles.
 *
 * @param tenantId the tenant the instance will belong to (for the commands a decision submits)
 * @param actor    who starts it
 * @param input    the request's JSON body as Java values (Map with String keys, List, String, Number,
 *                 Boolean, null); an empty map when there was none. It comes from the caller: check every field
 * @param now      the time of the request, the one clock a handler's guards compare with
 */
public record StartRequest(String tenantId, Actor actor, Map<String, Object> input, Instant now) {
}

package io.baseplate.api.workflow;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A workflow type (an appointment, a delivery...), contributed by a plugin bundle as a whiteboard service with
 * the {@value #TYPE_ID} property ({@link WorkflowTypeId}). The platform's workflow engine owns the instances,
 * their participants, data and history, the REST routes and the events; a handler owns what its type means:
 * its states and transitions ({@link #definition()}), who takes which part when an instance starts, the
 * guards that depend on data, input and time, and the side effects of each step.
 *
 * <h2>What the platform does around a handler</h2>
 * <ul>
 *   <li><b>Start</b> ({@code POST /api/v1/workflows} with {@code {"type": ..., "input": {...}}}): the caller must
 *       hold one of {@link WorkflowDefinition#startRoles()} (else 403); then {@link #start} decides. An accepted
 *       start puts the instance in {@link WorkflowDefinition#initialState()}, and should assign the participants
 *       known at the start (the caller, usually).</li>
 *   <li><b>Transition</b> ({@code POST /api/v1/workflows/{id}/transitions/{NAME}} with an optional JSON object
 *       body): only the instance's participants and the tenant's staff ({@code OPERATOR}, {@code TENANT_ADMIN})
 *       see an instance, anyone else gets 404. A name the type does not define is 404. In a state the
 *       transition does not leave from, it is 409, and the problem lists, in its {@code allowed} member, the
 *       transitions the caller may fire now. A caller who is neither in one of its participant slots nor holds
 *       one of its roles gets 403. Only then is {@link #transition} called.</li>
 *   <li><b>Decision</b>: {@link Decision.Accept} is written in one transaction with its history entry, its event
 *       and its extra events and commands (the outbox); {@link Decision.Invalid} is a 400 listing the problems
 *       per field; {@link Decision.Refuse} a 409 or 422 with its detail.</li>
 *   <li><b>Concurrency</b>: two transitions racing on one instance cannot both win. The loser's decision is
 *       discarded and the caller gets a 409; so a decision must have no effect outside its return value.</li>
 *   <li><b>Events</b>: every start and accepted transition publishes topic
 *       {@code baseplate/workflow/<type>/<TRANSITION>}, e.g. {@code baseplate/workflow/appointment/CONFIRM}
 *       ({@value #START} for a start), with the properties of {@link WorkflowEvents}, addressed to the
 *       instance's participants and staff. Events of one instance arrive in order.</li>
 *   <li><b>Uninstalling</b> the handler keeps its instances: they stay readable, with their history, while
 *       starting one or firing a transition is a 409 until a handler of the type returns.</li>
 * </ul>
 *
 * <p>Selection rule: when two services register the same type id, the one with the highest
 * {@code service.ranking}, then the lowest {@code service.id}, serves.
 *
 * <p>Implementations must be thread safe and keep no state between calls: every fact a decision needs is in
 * its request, and {@code now} is the only clock.
 */
@ConsumerType
public interface WorkflowHandler {

    /** Service property: the type id, e.g. {@code appointment}. Ids are lower case, digits and dashes. */
    String TYPE_ID = "baseplate.workflow.type.id";

    /** Topic prefix of workflow events: the full topic is {@code baseplate/workflow/<type>/<TRANSITION>}. */
    String TOPIC_ROOT = "baseplate/workflow/";

    /** The name a start has in history and in its event's topic; no transition may take it. */
    String START = "START";

    /**
     * The type's shape. The platform reads it on every request, so return one constant value; a changed shape
     * comes with a new version of the bundle. Instances in a state a new version no longer has stay readable,
     * and can be moved by no transition that does not leave from it.
     */
    WorkflowDefinition definition();

    /**
     * Decides a start: checks the input and answers with the data and participants of the new instance.
     *
     * @return {@link Decision.Accept} to start it; {@link Decision.Invalid} or {@link Decision.Refuse} not to
     */
    Decision start(StartRequest request);

    /**
     * Decides a transition the platform has already allowed for the instance's state and the actor: checks the
     * input and the guards, and answers with what the transition sets.
     *
     * @return {@link Decision.Accept} to fire it; {@link Decision.Invalid} or {@link Decision.Refuse} not to
     */
    Decision transition(TransitionRequest request);
}

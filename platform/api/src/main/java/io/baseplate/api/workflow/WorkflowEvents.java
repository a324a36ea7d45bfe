package io.baseplate.api.workflow;

/**
 * Properties of the event every start and transition publishes, on topic
 * {@code baseplate/workflow/<type>/<TRANSITION>} ({@value WorkflowHandler#START} for a start), beside
 * {@code io.baseplate.api.event.PlatformEvents}' tenant and audience: {@code audience.users} lists the
 * instance's participants (those before and after the transition, so a courier taken off an order hears of
 * it), {@code audience.roles} is {@code OPERATOR,TENANT_ADMIN}. Events of one instance are published with the
 * instance id as their outbox source, so they arrive in the order the transitions happened.
 */
public final class WorkflowEvents {

    /** Event property (String): the instance id. */
    public static final String INSTANCE_ID = "workflow.instance.id";
    /** Event property (String): the workflow type id. */
    public static final String TYPE = "workflow.type";
    /** Event property (String): the transition fired, or {@value WorkflowHandler#START}. */
    public static final String TRANSITION = "workflow.transition";
    /** Event property (String): the state before; absent for a start. */
    public static final String FROM = "workflow.from";
    /** Event property (String): the state after. */
    public static final String TO = "workflow.to";
    /** Event property (String): who fired it: a user id, or {@code key:<prefix>} for a service account's key. */
    public static final String ACTOR = "workflow.actor";
    /** Event property (Long): the instance's history position of this transition, 1 for the start. */
    public static final String STEP = "workflow.step";
    /** Prefix of the event properties that carry the data the transition set: {@code data.slotStart}. */
    public static final String DATA_PREFIX = "data.";

    private WorkflowEvents() {
    }
}

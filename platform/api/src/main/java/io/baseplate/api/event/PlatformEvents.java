package io.baseplate.api.event;

/**
 * Properties carried by every platform event. Topics are {@code baseplate/<domain>/<EVENT>};
 * every event that concerns a tenant carries {@value #TENANT_ID}, and only that tenant's
 * live subscribers receive it.
 *
 * <h2>Who may see an event</h2>
 * Within its tenant, an event names its audience with {@value #AUDIENCE_USERS} and
 * {@value #AUDIENCE_ROLES}: a live subscriber receives it when the subscriber's user is listed, or the
 * subscriber holds a listed role. An event that names neither is for the tenant's staff only (callers
 * holding {@code TENANT_ADMIN} or {@code OPERATOR}): a participant (a student, a patient, a courier)
 * sees only what names them or their role.
 *
 * <h2>Observing</h2>
 * A plugin observes topics with an {@code EventHandler} whiteboard service. Events published through
 * the outbox reach observers after their commit, in outbox position order, from a thread that waits for
 * the observers but for nothing else: a slow or throwing observer never delays the request that caused
 * the event, the live streams, or the commands the event triggers; it delays the other observers until
 * Event Admin skips it for holding a delivery past its timeout. Observers get each event at most once (see
 * {@code io.baseplate.api.outbox.Outbox}): work that must happen for every event is a command subscribed
 * with {@code io.baseplate.api.command.CommandTrigger}. A handler only queues: Event Admin deny-lists one
 * that holds a delivery past its timeout.
 */
public final class PlatformEvents {

    /** Topic prefix of all platform events. */
    public static final String TOPIC_ROOT = "baseplate/";
    /** Event property (String): the tenant the event belongs to. */
    public static final String TENANT_ID = "tenant.id";
    /** Event property (Long): when it happened, epoch milliseconds. */
    public static final String TIMESTAMP = "timestamp";
    /** Event property (String): the ids of the users the event is for, comma-separated. */
    public static final String AUDIENCE_USERS = "audience.users";
    /** Event property (String): the roles ({@code io.baseplate.api.security.Role} names) whose holders the event is for, comma-separated. */
    public static final String AUDIENCE_ROLES = "audience.roles";

    private PlatformEvents() {
    }
}

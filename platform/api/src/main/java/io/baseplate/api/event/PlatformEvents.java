package io.baseplate.api.event;

/**
 * Properties carried by every platform event. Topics are {@code baseplate/<domain>/<EVENT>};
 * every event that concerns a tenant carries {@value #TENANT_ID}, and only that tenant's
 * live subscribers receive it.
 */
public final class PlatformEvents {

    /** Topic prefix of all platform events. */
    public static final String TOPIC_ROOT = "baseplate/";
    /** Event property (String): the tenant the event belongs to. */
    public static final String TENANT_ID = "tenant.id";
    /** Event property (Long): when it happened, epoch milliseconds. */
    public static final String TIMESTAMP = "timestamp";

    private PlatformEvents() {
    }
}

package io.baseplate.api.event;

/**
 * Topics of a tenant's lifecycle, posted by the platform after the change is committed. Every event
 * carries {@link PlatformEvents#TENANT_ID}, {@link PlatformEvents#TIMESTAMP} and {@link #TENANT_NAME}.
 * Handlers that hold something per tenant in memory (live streams, buckets, caches) drop it on
 * {@link #SUSPENDED} and {@link #DELETED}; the tenant's rows are erased by the platform.
 */
public final class TenantEvents {

    /** The tenant's keys are refused (403) until it is reactivated. */
    public static final String SUSPENDED = PlatformEvents.TOPIC_ROOT + "tenant/SUSPENDED";
    /** The tenant's keys work again. */
    public static final String REACTIVATED = PlatformEvents.TOPIC_ROOT + "tenant/REACTIVATED";
    /** The tenant, its keys, users and tenant-owned rows are gone. */
    public static final String DELETED = PlatformEvents.TOPIC_ROOT + "tenant/DELETED";
    /** Event property (String): the tenant's name. */
    public static final String TENANT_NAME = "tenant.name";

    private TenantEvents() {
    }
}

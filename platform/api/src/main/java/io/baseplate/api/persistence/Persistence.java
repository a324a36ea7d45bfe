package io.baseplate.api.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

import jakarta.persistence.EntityManager;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A bundle's own unit of work over the platform's one connection pool. The host registers one such
 * service for every bundle whose manifest has a {@value #HEADER} header, after it has applied that
 * bundle's migrations, and only that bundle can see it: a component simply writes
 * {@code @Reference Persistence persistence}.
 *
 * <h2>Declaring persistence</h2>
 * <pre>
 * Baseplate-Persistence: entities="com.example.quiz.internal.model"; migrations=db/migration
 * </pre>
 * <ul>
 *   <li>{@code entities}: comma-separated packages whose {@code @Entity} classes form the bundle's
 *       persistence unit. Every entity is tenant-owned ({@code @Multitenant} with a
 *       {@code @TenantDiscriminatorColumn} whose {@code contextProperty} is {@link #TENANT_PROPERTY})
 *       unless it is marked {@link PlatformData}; the host refuses a unit that breaks this rule.</li>
 *   <li>{@code migrations}: the bundle folder holding {@code V<n>__<description>.sql} scripts, applied
 *       in version order, each once, in one transaction each, and recorded with a checksum under the
 *       bundle's symbolic name. A script edited after it was applied makes the host refuse the bundle.
 *       Default {@code db/migration}. Write SQL that H2 and PostgreSQL both run.</li>
 * </ul>
 * Uninstalling a bundle keeps its tables and rows; installing it again sees them.
 */
@ProviderType
public interface Persistence {

    /** The manifest header that declares a bundle's entities and migrations. */
    String HEADER = "Baseplate-Persistence";

    /** The EclipseLink context property holding the tenant id: the {@code contextProperty} of every tenant discriminator. */
    String TENANT_PROPERTY = "baseplate.tenant-id";

    /**
     * Runs work in one transaction scoped to a tenant: queries on tenant-owned entities see, and
     * writes go to, that tenant's rows only. Commits when the work returns, rolls back when it throws.
     *
     * @param tenantId the tenant; never null
     * @param work     the unit of work; its result is returned
     * @param <T>      the result type
     * @return what the work returned
     */
    <T> T inTenant(String tenantId, Function<EntityManager, T> work);

    /**
     * Runs work in one transaction on {@link PlatformData} entities, which belong to no tenant.
     * Tenant-owned entities cannot be queried here.
     *
     * @param work the unit of work; its result is returned
     * @param <T>  the result type
     * @return what the work returned
     */
    <T> T inPlatform(Function<EntityManager, T> work);

    /**
     * The current time at the precision the databases store (microseconds), so an entity written
     * now reads back equal after a reload.
     *
     * @return now, truncated to microseconds
     */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

package io.baseplate.persistence.internal;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.persistence.PlatformData;

/**
 * Every entity is either {@link PlatformData} or tenant-owned: {@code @Multitenant} with
 * {@code @TenantDiscriminatorColumn}s bound to {@link Persistence#TENANT_PROPERTY}. An entity that
 * is neither would be shared by all tenants without anyone having decided so.
 */
final class TenancyRule {

    private TenancyRule() {
    }

    /** @throws IllegalArgumentException naming the entity, if it breaks the rule */
    static void check(Class<?> entity) {
        // Subclasses in an entity hierarchy inherit the root's multitenancy, so look up the hierarchy.
        for (Class<?> type = entity; type != null && type != Object.class; type = type.getSuperclass()) {
            if (type.isAnnotationPresent(PlatformData.class)) {
                return;
            }
            if (type.isAnnotationPresent(Multitenant.class)) {
                TenantDiscriminatorColumn[] columns = type.getAnnotationsByType(TenantDiscriminatorColumn.class);
                if (columns.length == 0) {
                    throw new IllegalArgumentException("entity " + entity.getName()
                            + " is @Multitenant but has no @TenantDiscriminatorColumn(contextProperty = \""
                            + Persistence.TENANT_PROPERTY + "\")");
                }
                for (TenantDiscriminatorColumn column : columns) {
                    if (!Persistence.TENANT_PROPERTY.equals(column.contextProperty())) {
                        throw new IllegalArgumentException("entity " + entity.getName()
                                + " has a @TenantDiscriminatorColumn whose contextProperty is \""
                                + column.contextProperty() + "\" instead of \"" + Persistence.TENANT_PROPERTY + "\"");
                    }
                }
                return;
            }
        }
        throw new IllegalArgumentException("entity " + entity.getName() + " is neither @PlatformData nor tenant-owned "
                + "(@Multitenant with @TenantDiscriminatorColumn(contextProperty = \"" + Persistence.TENANT_PROPERTY
                + "\"))");
    }
}

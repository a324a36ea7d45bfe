package io.baseplate.api.persistence;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's eraser of a tenant's data: when a tenant is deleted, its rows go from every tenant-owned
 * table of every persistence unit, without any code in the modules that own those tables. The host knows
 * each unit's tenant-owned entities (see {@link Persistence}: {@code @Multitenant} with a tenant
 * discriminator column) and deletes their rows whose discriminator is the tenant, in one transaction,
 * children before parents (the unit's commit order reversed).
 *
 * <p>Only units whose bundle is active are erased: the tables of an uninstalled plugin keep their rows
 * (see "Plugins' data outlives the plugin"). {@link PlatformData} tables are left to their owner.
 */
@ProviderType
public interface TenantData {

    /**
     * Deletes every row of the tenant from the tenant-owned tables of all active units.
     *
     * @param tenantId the tenant; never null
     * @return rows deleted per table, keyed {@code <unit>/<TABLE>}
     * @throws IllegalStateException when the database refuses a delete; nothing is deleted then
     */
    Map<String, Integer> erase(String tenantId);
}

package io.baseplate.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManagerFactory;

import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.SingleTableMultitenantPolicy;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.jpa.JpaHelper;

/**
 * The tenant-owned tables of a unit, read from EclipseLink's descriptors (so inheritance, table names
 * and discriminator columns are what the ORM itself uses), and the deletes that erase one tenant's rows.
 */
final class TenantTables {

    /** A table and the column holding the tenant id. */
    record TenantTable(String unit, String table, String column) {
    }

    private TenantTables() {
    }

    /** The tenant-owned tables of a unit's factory; deploys the unit if it was not yet. */
    static List<TenantTable> of(String unit, EntityManagerFactory factory) {
        Set<TenantTable> tables = new LinkedHashSet<>();
        for (ClassDescriptor descriptor : JpaHelper.getServerSession(factory).getDescriptors().values()) {
            if (descriptor.hasMultitenantPolicy()
                    && descriptor.getMultitenantPolicy() instanceof SingleTableMultitenantPolicy policy) {
                for (DatabaseField field : policy.getTenantDiscriminatorFields().keySet()) {
                    String table = field.hasTableName() ? field.getTableName() : descriptor.getTableName();
                    tables.add(new TenantTable(unit, table, field.getName()));
                }
            }
        }
        return List.copyOf(tables);
    }

    /**
     * Deletes the tenant's rows from all the tables on one connection, in one transaction. Tables are
     * tried in turn, each behind a savepoint; one refused (a foreign key from a table not yet emptied) is
     * tried again in the next pass, so children go before parents without knowing the keys.
     */
    static Map<String, Integer> erase(Connection connection, List<TenantTable> tables, String tenantId) throws SQLException {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            List<TenantTable> pending = new ArrayList<>(tables);
            SQLException last = null;
            while (!pending.isEmpty()) {
                List<TenantTable> refused = new ArrayList<>();
                for (TenantTable table : pending) {
                    Savepoint savepoint = connection.setSavepoint();
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM " + table.table() + " WHERE " + table.column() + " = ?")) {
                        delete.setString(1, tenantId);
                        deleted.merge(table.unit() + "/" + table.table(), delete.executeUpdate(), Integer::sum);
                        connection.releaseSavepoint(savepoint);
                    } catch (SQLException e) {
                        connection.rollback(savepoint);
                        refused.add(table);
                        last = e;
                    }
                }
                if (refused.size() == pending.size()) {
                    throw last;
                }
                pending = refused;
            }
            connection.commit();
            return deleted;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}

package io.baseplate.core.internal.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.eclipse.persistence.platform.database.H2Platform;
import org.eclipse.persistence.platform.database.PostgreSQLPlatform;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The platform's one EntityManagerFactory, and the only way code in core opens a transaction.
 * {@link #inTenant} binds the EclipseLink tenant discriminator, so queries on tenant-owned
 * entities can neither see nor write another tenant's rows.
 */
@Component(service = Persistence.class)
public class Persistence {

    /** EclipseLink context property holding the tenant id; matches {@code @TenantDiscriminatorColumn}. */
    public static final String TENANT_PROPERTY = "baseplate.tenant-id";

    private final EntityManagerFactory factory;

    @Activate
    public Persistence(@Reference DataSource dataSource) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
        properties.put(PersistenceUnitProperties.CLASSLOADER, Persistence.class.getClassLoader());
        properties.put(PersistenceUnitProperties.WEAVING, "false");
        properties.put(PersistenceUnitProperties.DDL_GENERATION, PersistenceUnitProperties.NONE);
        // A failed statement is reported to the caller by exception; EclipseLink's own WARNING log
        // would repeat it with its SQL and bound values (tenant ids, idempotency keys).
        properties.put(PersistenceUnitProperties.LOGGING_LEVEL, "SEVERE");
        properties.put(PersistenceUnitProperties.LOGGING_PARAMETERS, "false");
        properties.put(PersistenceUnitProperties.TARGET_DATABASE, targetDatabase(dataSource));
        factory = new PersistenceProvider().createEntityManagerFactory("baseplate", properties);
        Objects.requireNonNull(factory, "EclipseLink found no persistence unit 'baseplate'");
    }

    @Deactivate
    public void close() {
        factory.close();
    }

    /** Runs work in one transaction scoped to a tenant; commits on return, rolls back on exception. */
    public <T> T inTenant(String tenantId, Function<EntityManager, T> work) {
        Objects.requireNonNull(tenantId, "tenantId");
        return inTransaction(Map.of(TENANT_PROPERTY, tenantId), work);
    }

    /** Runs work in one transaction on platform-level entities (tenants, API keys). */
    public <T> T inPlatform(Function<EntityManager, T> work) {
        return inTransaction(Map.of(), work);
    }

    private <T> T inTransaction(Map<String, Object> properties, Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager(properties);
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    private static String targetDatabase(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            // Class names, not EclipseLink's short aliases: the alias lookup fails under OSGi class loading.
            return product.toLowerCase().contains("postgres") ? PostgreSQLPlatform.class.getName() : H2Platform.class.getName();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database: " + e.getMessage(), e);
        }
    }
}

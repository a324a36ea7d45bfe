package io.baseplate.core.persistence;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

import io.baseplate.api.persistence.Persistence;

/**
 * {@link Persistence} over one EntityManagerFactory: each call is one transaction, committed when the
 * work returns and rolled back when it throws. {@link #inTenant} binds the EclipseLink tenant
 * discriminator, so queries on tenant-owned entities can neither see nor write another tenant's rows.
 */
public final class TransactionalPersistence implements Persistence {

    private final EntityManagerFactory factory;

    public TransactionalPersistence(EntityManagerFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public <T> T inTenant(String tenantId, Function<EntityManager, T> work) {
        Objects.requireNonNull(tenantId, "tenantId");
        return inTransaction(Map.of(TENANT_PROPERTY, tenantId), work);
    }

    @Override
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
}

package io.baseplate.persistence.internal;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

import io.baseplate.api.persistence.Persistence;

/** One bundle's {@link Persistence}: transactions on its own EntityManagerFactory. */
final class BundlePersistence implements Persistence {

    private final EntityManagerFactory factory;

    BundlePersistence(EntityManagerFactory factory) {
        this.factory = factory;
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

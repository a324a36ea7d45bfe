package io.baseplate.bench.baseline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

/**
 * One transaction per call, as the platform's TransactionalPersistence: {@link #inTenant} binds the
 * EclipseLink tenant discriminator, {@link #inPlatform} does not.
 */
final class Db {

    static final String TENANT_PROPERTY = "baseplate.tenant-id";

    private final EntityManagerFactory factory;

    Db(EntityManagerFactory factory) {
        this.factory = factory;
    }

    <T> T inTenant(String tenantId, Function<EntityManager, T> work) {
        Objects.requireNonNull(tenantId, "tenantId");
        return inTransaction(Map.of(TENANT_PROPERTY, tenantId), work);
    }

    <T> T inPlatform(Function<EntityManager, T> work) {
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

    /** Now, at the precision the database stores. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}

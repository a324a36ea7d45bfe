package io.baseplate.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.EntityManagerFactory;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.persistence.Persistence;
import io.baseplate.core.persistence.EntityManagerFactories;
import io.baseplate.core.persistence.TransactionalPersistence;
import io.baseplate.persistence.internal.notes.Note;
import io.baseplate.persistence.internal.notes.Setting;

/** The unit the extender builds for a bundle, here over the test class path and an in-memory H2. */
class BundlePersistenceTest {

    private EntityManagerFactory factory;
    private Persistence persistence;
    private JdbcDataSource database;

    @BeforeEach
    void buildUnit() throws Exception {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        new MigrationRunner(database).migrate("io.example.notes", List.of(new MigrationRunner.Script("V1__notes.sql", """
                CREATE TABLE NOTES (ID VARCHAR(36) PRIMARY KEY, TENANT_ID VARCHAR(64) NOT NULL, TEXT VARCHAR(100),
                    CREATED_AT TIMESTAMP);
                CREATE TABLE SETTINGS (NAME VARCHAR(64) PRIMARY KEY, SETTING_VALUE VARCHAR(100));
                """)));
        factory = EntityManagerFactories.create("io.example.notes#" + UUID.randomUUID(), database,
                getClass().getClassLoader(), List.of(Note.class.getName(), Setting.class.getName()));
        persistence = new TransactionalPersistence(factory);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    /** Tenant-owned entities are never shared-cached (the tenant is an EntityManager property); platform data would be. */
    @Test
    void aSecondNodeOnTheSameDatabaseReadsWhatTheFirstWrote() {
        EntityManagerFactory otherNode = EntityManagerFactories.create("io.example.notes#" + UUID.randomUUID(), database,
                getClass().getClassLoader(), List.of(Note.class.getName(), Setting.class.getName()));
        try {
            Persistence other = new TransactionalPersistence(otherNode);
            persistence.inPlatform(em -> {
                em.persist(new Setting("mode", "first"));
                return null;
            });
            assertEquals("first", other.inPlatform(em -> em.find(Setting.class, "mode").value()));
            persistence.inPlatform(em -> em.createQuery("UPDATE Setting s SET s.value = 'second'").executeUpdate());
            assertEquals("second", other.inPlatform(em -> em.find(Setting.class, "mode").value()),
                    "the other node answered from a cache of what it had read before");
        } finally {
            otherNode.close();
        }
    }

    @Test
    void eachTenantSeesItsOwnRows() {
        var written = Persistence.now();
        persistence.inTenant("t1", em -> {
            em.persist(new Note("n1", "for t1", written));
            return null;
        });
        assertEquals(written, persistence.inTenant("t1", em -> em.find(Note.class, "n1").createdAt()));
        assertNull(persistence.inTenant("t2", em -> em.find(Note.class, "n1")));
        long seenByT2 = persistence.inTenant("t2", em -> em.createQuery("SELECT COUNT(n) FROM Note n", Long.class)
                .getSingleResult());
        assertEquals(0, seenByT2);
    }

    @Test
    void platformDataNeedsNoTenant() {
        persistence.inPlatform(em -> {
            em.persist(new Setting("theme", "dark"));
            return null;
        });
        assertEquals("dark", persistence.inPlatform(em -> em.find(Setting.class, "theme").value()));
    }

    @Test
    void rollsBackWhenTheWorkThrows() {
        assertThrows(IllegalStateException.class, () -> persistence.inPlatform(em -> {
            em.persist(new Setting("theme", "dark"));
            em.flush();
            throw new IllegalStateException("changed my mind");
        }));
        assertNull(persistence.inPlatform(em -> em.find(Setting.class, "theme")));
    }
}
